"""The 申报条件 of the 2018 national occupational skill standards for 电工 (6-31-01-03) and 焊工
(6-18-02-04), as data the bureau may edit (issue 13): 五级 1 year in the occupation; 四级 五级 +
4 years, or 6 years; 三级 四级 + 5; 二级 三级 + 4; 一级 二级 + 4."""

from django.db import migrations

# (grade, previous grade or None, years); grades: 2 五级 … 6 一级 (reference.grades.Grade).
ROUTES = [(2, None, 1), (3, 2, 4), (3, None, 6), (4, 3, 5), (5, 4, 4), (6, 5, 4)]
STANDARDS = {
    "6-31-01-03": "《国家职业技能标准 电工》（2018年版）2.3 申报条件",
    "6-18-02-04": "《国家职业技能标准 焊工》（2018年版）2.3 申报条件",
}


def forwards(apps, schema_editor):
    Occupation = apps.get_model("reference", "Occupation")
    EligibilityRule = apps.get_model("evaluation", "EligibilityRule")
    for code, citation in STANDARDS.items():
        occupation = Occupation.objects.filter(code=code).first()
        if occupation is None:
            continue
        for grade, previous, years in ROUTES:
            EligibilityRule.objects.get_or_create(occupation=occupation, grade=grade, previous_grade=previous,
                                                  years=years, defaults={"citation": citation})


def backwards(apps, schema_editor):
    apps.get_model("evaluation", "EligibilityRule").objects.filter(occupation__code__in=list(STANDARDS)).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
