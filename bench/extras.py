"""What every benchmark shares: the check that the `bench` extra (the baselines' packages) is installed."""

import importlib.util
import sys
from pathlib import Path


def extra_check(*modules: str) -> None:
    """Stop at once, saying how to install them, when the `bench` extra's packages are missing
    (rather than after the phases before the baseline have run)."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        name = Path(sys.argv[0]).resolve().parent.name
        sys.exit(f"缺少基准测试的对照组依赖 {', '.join(missing)}：请用 ./run bench {name} … 运行"
                 f"（它会安装 pyproject.toml 的 bench 可选依赖），或先执行 .venv/bin/pip install -e '.[bench]'")
