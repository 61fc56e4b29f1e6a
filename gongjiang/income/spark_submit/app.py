"""The application file for spark-submit (issue 18 §5, ADR 0015): runs `gongjiang wages …` as the
Spark driver, so a cluster's own spark-submit sets master, resources and storage settings:

    PYSPARK_DRIVER_PYTHON=.venv/bin/python spark-submit --master yarn --deploy-mode client \\
        "$(.venv/bin/python -c 'import gongjiang.income.spark_submit.app as m; print(m.__file__)')" \\
        publish --engine spark --year 2025 --source hdfs:///gongjiang/income/income_2025.parquet \\
        --out 工资价位2025.xlsx

(docs/operations/income.md). The job uses Spark's built-in functions only, so executors need no
Python and nothing of ours; the driver needs this virtualenv and the database (names, audit log).
"""

import sys

from gongjiang.manage import main

if __name__ == "__main__":
    main(["gongjiang", "wages", *sys.argv[1:]])
