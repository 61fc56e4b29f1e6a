import os
from gongjiang.incentives.policy_tests import policy_test_file
def test_x(db):
    for r in policy_test_file(os.environ["F"]):
        print("PASS" if r.passed else "FAIL", r.name, r.problems)
