"""The registry import kinds keep registry.services' rules (issue 3 §3; R1.1-R1.3)."""

import datetime

from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.ingest.tests.factories import WORKER_HEADERS, csv_write, id_number_make, uscc_make, worker_row
from gongjiang.registry.models import Certificate, Employment, Enterprise, TrainingRecord, Worker
from gongjiang.registry.tests.factories import WorkerFactory

ENTERPRISE_HEADERS = ["统一社会信用代码", "单位名称", "所在区县", "规模"]
EMPLOYMENT_HEADERS = ["身份证号", "姓名", "单位统一社会信用代码", "入职日期", "离职日期", "兼职"]


def _run(kind, path, actor):
    return import_file(kind=kind_get(kind), path=path, actor=actor)


def test_enterprises_are_registered_by_uscc(bureau_admin, tmp_path):
    code = uscc_make()
    outcome = _run("enterprises", csv_write(tmp_path / "e.csv", [ENTERPRISE_HEADERS, [code, "舟山新企业", "定海区", "小型"]]),
                   bureau_admin)
    assert outcome.created == 1
    assert Enterprise.objects.get(uscc=code).size == "small"


def test_enterprises_are_imported_with_their_township(bureau_admin, tmp_path):
    code = uscc_make()
    headers = [*ENTERPRISE_HEADERS, "乡镇/街道代码", "乡镇/街道"]
    outcome = _run("enterprises", csv_write(tmp_path / "e.csv", [headers, [code, "解放企业", "定海区", "", "330902001",
                                                                          "解放街道"]]), bureau_admin)
    assert outcome.created == 1
    enterprise = Enterprise.objects.get(uscc=code)
    assert (enterprise.township_code, enterprise.township_name) == ("330902001", "解放街道")


def test_a_township_outside_the_enterprises_district_is_refused_naming_the_column(bureau_admin, tmp_path):
    headers = [*ENTERPRISE_HEADERS, "乡镇（街道）代码", "乡镇（街道）"]
    outcome = _run("enterprises", csv_write(tmp_path / "e.csv", [headers, [uscc_make(), "错乡镇企业", "定海区", "",
                                                                          "330903001", "沈家门街道"]]), bureau_admin)
    assert outcome.rejected == 1
    assert outcome.rejections[0]["column"] == "乡镇（街道）代码"
    assert "不属于所在区县（330902）" in outcome.rejections[0]["message"]
    assert not Enterprise.objects.filter(name="错乡镇企业").exists()


def test_the_enterprise_template_has_the_township_columns():
    headers = [str(c.header) for c in kind_get("enterprises").columns]
    assert "乡镇（街道）代码" in headers
    assert "乡镇（街道）" in headers


def test_bureau_staff_cannot_import_an_enterprise_of_another_district(bureau_staff, tmp_path):
    outcome = _run("enterprises", csv_write(tmp_path / "e.csv", [ENTERPRISE_HEADERS, [uscc_make(), "普陀企业", "330903", ""]]),
                   bureau_staff)
    assert outcome.rejections[0]["message"] == "只能导入本区的企业。"
    assert not Enterprise.objects.filter(name="普陀企业").exists()


def test_enterprise_hr_may_not_import_workers(hr_a):
    assert not kind_get("workers").permission(hr_a)


def test_employment_import_registers_a_new_person_as_employee_add_does(hr_a, enterprise_a, tmp_path):
    number = id_number_make(seq=301)
    path = csv_write(tmp_path / "m.csv", [EMPLOYMENT_HEADERS, [number, "赵新", enterprise_a.uscc, "2024-03-05", "", "否"]])
    outcome = _run("employment", path, hr_a)
    assert outcome.created == 1
    assert Employment.objects.get(worker__name="赵新").enterprise == enterprise_a


def test_enterprise_hr_cannot_import_employment_at_another_enterprise(hr_a, enterprise_b, tmp_path):
    path = csv_write(tmp_path / "m.csv", [EMPLOYMENT_HEADERS, [id_number_make(seq=302), "钱多", enterprise_b.uscc,
                                                               "2024-03-05", "", ""]])
    outcome = _run("employment", path, hr_a)
    assert outcome.rejected == 1
    assert "不是您管理的企业" in outcome.rejections[0]["message"]


def test_a_second_current_main_employer_is_rejected(bureau_admin, employee_a, enterprise_b, tmp_path):
    path = csv_write(tmp_path / "m.csv", [EMPLOYMENT_HEADERS, [employee_a.id_number_plain(), employee_a.name,
                                                               enterprise_b.uscc, "2024-03-05", "", "否"]])
    outcome = _run("employment", path, bureau_admin)
    assert outcome.rejections[0]["column"] == "兼职"
    assert Employment.objects.filter(worker=employee_a).count() == 1


def test_employment_ending_before_it_starts_is_rejected(bureau_admin, enterprise_a, tmp_path):
    path = csv_write(tmp_path / "m.csv", [EMPLOYMENT_HEADERS, [id_number_make(seq=303), "孙立", enterprise_a.uscc,
                                                               "2024-03-05", "2024-01-01", ""]])
    assert _run("employment", path, bureau_admin).rejections[0]["message"] == "离职日期不能早于入职日期。"


def test_employment_with_a_name_that_does_not_match_the_id_number_is_rejected(bureau_admin, enterprise_b, tmp_path):
    worker = WorkerFactory(name="周正")
    path = csv_write(tmp_path / "m.csv", [EMPLOYMENT_HEADERS, [worker.id_number_plain(), "周歪", enterprise_b.uscc,
                                                               "2024-03-05", "", ""]])
    assert "不一致" in _run("employment", path, bureau_admin).rejections[0]["message"]


CERT_HEADERS = ["身份证号", "姓名", "证书编号", "证书类别", "职业（工种）代码", "等级", "发证机构", "发证日期"]


def test_certificate_of_an_unregistered_person_is_rejected(bureau_admin, tmp_path):
    path = csv_write(tmp_path / "c.csv", [CERT_HEADERS, [id_number_make(seq=304), "吴", "Q123456", "职业资格证书",
                                                          "", "高级工", "舟山鉴定中心", "2020-05-01"]])
    outcome = _run("certificates", path, bureau_admin)
    assert outcome.rejected == 1


def test_certificate_is_upserted_by_issuer_and_number(bureau_admin, employee_a, tmp_path):
    from gongjiang.registry.tests.factories import occupation

    code = occupation().code
    row = [employee_a.id_number_plain(), employee_a.name, "Q20200501", "职业资格证书", code, "高级工", "舟山鉴定中心",
           "2020-05-01"]
    path = csv_write(tmp_path / "c.csv", [CERT_HEADERS, row])
    first = _run("certificates", path, bureau_admin)
    second = _run("certificates", path, bureau_admin)
    assert (first.created, first.rejected, second.unchanged) == (1, 0, 1)
    assert Certificate.objects.get().grade == 4


def test_training_records_are_imported_for_registered_workers(bureau_admin, employee_a, tmp_path):
    headers = ["身份证号", "姓名", "培训机构", "培训项目", "开班日期", "结业日期", "学时", "已结业"]
    path = csv_write(tmp_path / "t.csv", [headers, [employee_a.id_number_plain(), employee_a.name, "定海培训中心",
                                                     "焊工（高级）", "2024.3.1", "2024年4月30日", "80", "是"]])
    outcome = _run("trainings", path, bureau_admin)
    assert outcome.created == 1
    record = TrainingRecord.objects.get()
    assert (record.end_date, record.hours, record.completed) == (datetime.date(2024, 4, 30), 80, True)


def test_bureau_staff_cannot_change_a_worker_outside_their_district(bureau_staff, employee_b, tmp_path):
    path = csv_write(tmp_path / "w.csv", [["身份证号", "姓名"], [employee_b.id_number_plain(), "改名"]])
    outcome = _run("workers", path, bureau_staff)
    assert outcome.rejected == 1
    assert Worker.objects.get(pk=employee_b.pk).name == "李乙"



def test_a_district_name_two_cities_share_is_refused_naming_both(tmp_path, bureau_admin):
    # Issue 10 §4: 普陀区 is in Shanghai (310107) and Zhoushan (330903); it was "不存在".
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, [*worker_row()[:3], "普陀区"]])
    (rejection,) = _run("workers", path, bureau_admin).rejections
    assert "310107（上海市普陀区）" in rejection["message"]
    assert "330903（浙江省舟山市普陀区）" in rejection["message"]
