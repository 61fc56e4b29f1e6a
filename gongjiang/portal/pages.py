"""The public pages the portal gathers (issue 16, R9.2; ADR 0026).

Each page belongs to the app whose data it shows and declares a public action in the permission
table; the portal only lists them, grouped as a citizen looks for them. The list is the one the
portal page, its tests (every page opens without log-in; no unmasked personal data) and the
browser test follow, so a public page added to an app gets one line here to be found.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PublicPage:
    url_name: str
    label: Any
    description: Any


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    pages: tuple[PublicPage, ...]


SECTIONS: tuple[Section, ...] = (
    Section("policies", _("政策与补贴"), (
        PublicPage("incentives:policies_public", _("现行激励政策"),
                   _("政策文件、条款、享受条件和补贴标准")),
        PublicPage("incentives:notice", _("补贴奖励公示"),
                   _("正在公示的补贴和奖励名单（姓名、身份证号部分隐去）")),
    )),
    Section("evaluation", _("技能评价与证书"), (
        PublicPage("evaluation:verify", _("证书查验"),
                   _("按证书编号和姓名、二维码或凭证文件查验职业技能等级证书")),
        PublicPage("evaluation:results_notice", _("评价结果公示"),
                   _("职业技能等级认定合格人员公示")),
    )),
    Section("training", _("职业培训"), (
        PublicPage("training:public_catalogue", _("培训机构和项目目录"),
                   _("经认定的培训机构和补贴性培训项目")),
        PublicPage("training:public_map", _("培训地图"),
                   _("培训场地分布和各乡镇街道的到达时间")),
    )),
    Section("jobs", _("就业与工资"), (
        PublicPage("demand:public_catalogue", _("紧缺职业目录"),
                   _("已发布的紧缺职业（工种）目录")),
        PublicPage("income:wage_levels_public", _("工资价位"),
                   _("分职业（工种）分技能等级的市场工资价位")),
    )),
    Section("competitions", _("竞赛与荣誉"), (
        PublicPage("competitions:plan", _("竞赛计划与成绩公示"),
                   _("职业技能竞赛计划、报名和成绩")),
        PublicPage("competitions:honour_list", _("荣誉与认定名单"),
                   _("技能人才荣誉、技能大师工作室和认定企业，含公示中的名单")),
    )),
)


def public_pages() -> list[PublicPage]:
    return [page for section in SECTIONS for page in section.pages]
