"""The schooling routes of the 申报条件 of the 2018 national occupational skill standards for 电工
(6-31-01-03) and 焊工 (6-18-02-04), beside the year routes of 0002 (issue 13), as data the bureau
may edit:
- 四级: 技工学校, or a 中等及以上职业学校 training for 中级技能, 本专业或相关专业 graduates (in-school
  应届毕业生 too);
- 三级: with the 四级 certificate, 高级技工学校 / 技师学院 graduates, or a 高等职业学校 training for
  高级技能; or 大专及以上 graduates with 2 years of work after the 四级 certificate;
- 二级: 高级技工学校 / 技师学院 graduates with the 三级 certificate and 3 years of work.
The 焊工 clause numbers were read from the standard's text (2. 申报条件, each grade's items (1)–(3));
the 电工 standard is cited by name and 申报条件 only. Neither 2018 standard has a training-hours
route (that was the older standards' 正规培训 wording): none is shipped; the bureau may add one."""

from django.db import migrations

# (grade, previous grade or None, years, school kinds, 焊工 clause); grades: 3 四级, 4 三级, 5 二级.
ROUTES = [
    (3, None, 0, ["technical_school", "secondary_vocational"], "四级/中级工（3）"),
    (4, 3, 0, ["senior_technical_school", "technician_college", "higher_vocational"], "三级/高级工（2）"),
    (4, 3, 2, ["college"], "三级/高级工（3）"),
    (5, 4, 3, ["senior_technical_school", "technician_college"], "二级/技师（2）"),
]
STANDARDS = {
    "6-31-01-03": ("《国家职业技能标准 电工》（2018年版）申报条件", False),
    "6-18-02-04": ("《国家职业技能标准 焊工》（2018年版）申报条件", True),
}


def forwards(apps, schema_editor):
    Occupation = apps.get_model("reference", "Occupation")
    EligibilityRule = apps.get_model("evaluation", "EligibilityRule")
    for code, (citation, with_clause) in STANDARDS.items():
        occupation = Occupation.objects.filter(code=code).first()
        if occupation is None:
            continue
        for grade, previous, years, kinds, clause in ROUTES:
            same = EligibilityRule.objects.filter(occupation=occupation, grade=grade, route="schooling",
                                                  previous_grade=previous, years=years)
            if any(rule.school_kinds == kinds for rule in same):
                continue
            EligibilityRule.objects.create(occupation=occupation, grade=grade, route="schooling",
                                           previous_grade=previous, years=years, school_kinds=kinds,
                                           citation=f"{citation} {clause}" if with_clause else citation)


def backwards(apps, schema_editor):
    apps.get_model("evaluation", "EligibilityRule").objects.filter(
        occupation__code__in=list(STANDARDS), route="schooling").delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0006_rule_routes_negative_list")]
    operations = [migrations.RunPython(forwards, backwards)]
