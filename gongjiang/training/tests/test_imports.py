"""Institution and class-plan imports from Excel templates (issue 12 "Imports through the ingest
machinery"): each row through the same service as the form, refused rows reported with row,
column and the service's Chinese message, the others written."""

import pytest

from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.ingest.tests.factories import xlsx_write
from gongjiang.registry.tests.factories import occupation, uscc_make
from gongjiang.training.models import Institution, TrainingClass

pytestmark = pytest.mark.django_db
INSTITUTION_HEADERS = ["机构名称", "统一社会信用代码", "办学性质", "办学许可证号", "所在区县", "培训范围（职业代码）", "准入日期"]
CLASS_HEADERS = ["班级名称", "培训项目", "培训场地", "授课教师", "开班日期", "结班日期", "计划学时", "计划人数"]


def test_the_bureau_imports_institutions_with_their_scope(bureau_admin, tmp_path):
    code = occupation().code
    good, taken = uscc_make(), uscc_make()
    path = xlsx_write(tmp_path / "机构.xlsx", [
        INSTITUTION_HEADERS,
        ["东港培训学校", good, "营利性", "许可100", "定海区", code, "2025-01-02"],
        ["坏代码学校", "91330902123", "营利性", "许可101", "定海区", code, "2025-01-02"],
        ["无此职业学校", taken, "非营利性", "许可102", "定海区", "9-99-99-99", "2025-01-02"]])
    outcome = import_file(kind=kind_get("training_institutions"), path=path, actor=bureau_admin)
    assert (outcome.created, outcome.rejected) == (1, 2)
    bad_code, bad_scope = outcome.rejections
    assert (bad_code["line"], bad_code["column"]) == (3, "统一社会信用代码")
    assert (bad_scope["line"], bad_scope["column"]) == (4, "培训范围（职业代码）")
    assert "9-99-99-99" in bad_scope["message"]
    institution = Institution.objects.get(uscc=good)
    assert list(institution.scope.values_list("code", flat=True)) == [code]
    assert institution.payee.uscc == good


def test_an_institution_cannot_import_institutions(trainer):
    assert not kind_get("training_institutions").permission(trainer)


def test_an_institution_imports_class_plans_refusing_bad_rows_by_column(trainer, site, programme, tmp_path):
    path = xlsx_write(tmp_path / "开班.xlsx", [
        CLASS_HEADERS,
        ["焊工高级一期", programme.code, site.name, "陈师傅", "2025-03-03", "2025-03-07", 40, 30],
        ["焊工高级二期", programme.code, site.name, "陈师傅", "2025-04-07", "2025-04-01", 40, 30],
        ["焊工高级三期", "不存在的项目", site.name, "陈师傅", "2025-05-05", "2025-05-09", 40, 30],
        ["焊工高级四期", programme.code, "别人的场地", "陈师傅", "2025-06-02", "2025-06-06", 40, 30]])
    outcome = import_file(kind=kind_get("training_classes"), path=path, actor=trainer)
    assert (outcome.created, outcome.rejected) == (1, 3)
    assert [(r["line"], r["column"]) for r in outcome.rejections] == [
        (3, "结班日期"), (4, "培训项目"), (5, "培训场地")]
    assert "不能早于开班日期" in outcome.rejections[0]["message"]
    filed = TrainingClass.objects.get()
    assert (filed.name, filed.status, filed.filed_by_id) == ("焊工高级一期", "filed", trainer.pk)


def test_a_class_plan_of_an_institution_on_the_negative_list_is_refused(trainer, institution, site, programme,
                                                                        tmp_path):
    institution.status = "negative_list"
    institution.save(update_fields=["status"])
    path = xlsx_write(tmp_path / "开班.xlsx", [
        CLASS_HEADERS, ["焊工高级一期", programme.code, site.name, "陈师傅", "2025-03-03", "2025-03-07", 40, 30]])
    outcome = import_file(kind=kind_get("training_classes"), path=path, actor=trainer)
    assert outcome.rejected == 1
    assert "不能报备培训班" in outcome.rejections[0]["message"]
    assert not TrainingClass.objects.exists()
