"""The indicators (R8.1, R8.3): what each is called, its unit, whether it is a stock at a date
or a flow counted over a period, its definition in words (shown on hover), and the list page
behind the figure. The queries that compute them are in `indicators.queries`.

Codes are stable identifiers used by targets, imports and the API; labels are the screen words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

STOCK, FLOW = "stock", "flow"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any
    unit: Any
    kind: str  # STOCK: the value on the reference date; FLOW: counted from 1 January (or a target's first year)
    definition: Any
    share: bool = False  # a ratio (0–1), shown as a percentage; targets are entered as percentages
    money: bool = False
    enterprise_level: bool = False  # may be a target of one enterprise
    township_level: bool = False  # computed per 乡镇/街道 (from the main employer's township), may be its target
    no_source: bool = False  # a target the texts set that our records cannot measure: shown as 暂无数据来源, never 0


WORKER_AREA = (_("人员所属地区按统计截止日的主要就业单位所在区县计；无就业记录的，按常住区县计。")
               + _("乡镇（街道）的数字按主要就业单位登记的乡镇（街道）计，无就业单位或单位未登记乡镇（街道）的不计入。"))

INDICATORS: list[Indicator] = [
    Indicator("skilled_total", _("技能人才总量"), _("人"), STOCK,
              _("截止统计日已取得职业资格证书、职业技能等级证书、专项职业能力证书或以赛代评晋级的人数（每人只计一次）。")
              + WORKER_AREA, enterprise_level=True, township_level=True),
    Indicator("skilled_share", _("技能人才占从业人员比重"), _("%"), STOCK,
              _("技能人才总量 ÷ 从业人员数。从业人员数取人社局录入的本地区本年度数据（统计公报或社保参保人数）；未录入时，以人才库中截止统计日在职的人数代替，并注明。"), share=True, enterprise_level=True, township_level=True),
    Indicator("high_skilled_total", _("高技能人才总量"), _("人"), STOCK,
              _("截止统计日持有高级工（三级）及以上等级证书的人数。") + WORKER_AREA, enterprise_level=True, township_level=True),
    Indicator("high_skilled_share", _("高技能人才占技能人才比重"), _("%"), STOCK,
              _("高技能人才总量 ÷ 技能人才总量。"), share=True, enterprise_level=True, township_level=True),
    Indicator("training_person_times", _("补贴性职业技能培训人次"), _("人次"), FLOW,
              _("本年度（自1月1日起至统计截止日）结业的补贴性培训记录条数，一人参加多次按多人次计；含培训机构在平台结业的学员和导入的培训记录。") + WORKER_AREA,
              township_level=True),
    Indicator("training_persons", _("补贴性职业技能培训人数"), _("人"), FLOW,
              _("本年度结业的补贴性培训的学员人数，一人参加多次只计一人。"), township_level=True),
    Indicator("new_skill_training", _("等级工（新技能）培训人次"), _("人次"), FLOW,
              _("补贴性职业技能培训中的等级工（新技能）培训人次。平台的培训记录不标注是否属于新技能培训项目，"
                "暂无数据来源：只显示目标，不计算完成情况，也不以 0 计。"), no_source=True),
    Indicator("apprentices_trained", _("企业新型学徒制培训人数"), _("人"), FLOW,
              _("本年度（自1月1日起至统计截止日）结束的企业新型学徒制培训的参训人数之和：企业人事在“企业培训”中填报、培训类型为“新型学徒制”的记录，"
                "按企业所在区县计；乡镇（街道）按企业登记的乡镇（街道）计。"), township_level=True),
    Indicator("new_certificates", _("新增技能等级证书"), _("本"), FLOW,
              _("本年度（自1月1日起至统计截止日）发证的职业资格、职业技能等级证书和以赛代评晋级，按等级分列。")
              + WORKER_AREA, township_level=True),
    Indicator("new_high_certificates", _("新增高技能人才证书"), _("人次"), FLOW,
              _("本年度发证的高级工（三级）及以上等级证书，一人取得多本按多人次计。"), township_level=True),
    Indicator("skill_enterprises", _("技能型企业"), _("家"), STOCK,
              _("截止统计日已授予“技能型企业”认定的企业数（累计），按认定项目所属地区计。")),
    Indicator("pay_by_skill_enterprises", _("“以技提薪”示范企业"), _("家"), STOCK,
              _("截止统计日已授予“以技提薪”示范企业认定的企业数（各年度累计），按认定项目所属地区计。")),
    Indicator("wealth_enterprises", _("技能创富型企业"), _("家"), STOCK,
              _("截止统计日已授予“技能创富型企业”认定的企业数（累计），按认定项目所属地区计。")),
    Indicator("skill_villages", _("技能型乡村（社区）"), _("个"), STOCK,
              _("人社局录入的本地区累计建成的技能型乡村（社区）数（平台不保存乡村名单）。")),
    Indicator("subsidy_paid", _("专项激励资金发放"), _("元"), FLOW,
              _("本年度记入发放台账的补贴、奖励金额（发放减冲正），按政策的实施区域计，按政策分列。"), money=True),
    Indicator("middle_income_share", _("技能人才中等收入群体占比"), _("%"), STOCK,
              _("收入监测中持有等级证书的技能人才，年收入在中等收入标准区间内的比重（本年度收入汇总，未汇总时取上一年度）。"),
              share=True),
]

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}

#: Designation indicators and the words that find their programmes (competitions.HonourProgramme.title).
DESIGNATION_TITLES = {"skill_enterprises": "技能型企业", "pay_by_skill_enterprises": "以技提薪",
                      "wealth_enterprises": "技能创富型企业"}


def indicator_choices() -> list[tuple[str, Any]]:
    return [(i.code, i.label) for i in INDICATORS]


def indicator_get(code: str) -> Indicator | None:
    return BY_CODE.get(code)
