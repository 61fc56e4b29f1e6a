from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "gongjiang.competitions"
    label = "competitions"
    verbose_name = "职业技能竞赛与荣誉"
