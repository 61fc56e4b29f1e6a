"""Table content hashes of the backup manifest (issue 18 §3): the same rows give the same hash
whatever order they were written in; any changed value changes it."""

import sqlite3

from gongjiang.operations.fingerprint import fingerprint_compare, sqlite_fingerprint


def _database(rows):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, pay REAL, photo BLOB)")
    conn.executemany("INSERT INTO person VALUES (?, ?, ?, ?)", rows)
    return conn


ROWS = [(1, "王甲", 5230.5, b"\x00\x01"), (2, "李乙", None, b""), (3, "张丙\n", 0.1, None)]


def test_the_same_rows_written_in_another_order_hash_the_same():
    assert sqlite_fingerprint(_database(ROWS)) == sqlite_fingerprint(_database(list(reversed(ROWS))))
    assert sqlite_fingerprint(_database(ROWS))["person"]["rows"] == 3


def test_one_changed_value_changes_the_hash_and_is_reported():
    changed = [*ROWS[:2], (3, "张丙\n", 0.2, None)]
    before, after = sqlite_fingerprint(_database(ROWS)), sqlite_fingerprint(_database(changed))
    assert before["person"]["sha256"] != after["person"]["sha256"]
    assert fingerprint_compare(before, after) == ["表 person：行数相同（3 行）但内容校验值不一致"]
    assert fingerprint_compare(before, {}) == ["表 person：恢复后缺失（备份中有 3 行）"]
