"""Figures the demand checks rely on, as data with their source (STYLE: never magic numbers).

MINIMUM_MONTHLY_WAGE: the lowest tier of each province's monthly minimum wage; an offered wage
below it is refused (issue 15 "Bad input"). The lowest tier is used because the tier of each
county is set by the province and changes; a wage below the lowest tier is below every tier.
"""

from decimal import Decimal

# province code (first two digits of GB/T 2260) -> (yuan a month, source)
MINIMUM_MONTHLY_WAGE: dict[str, tuple[Decimal, str]] = {
    "33": (Decimal("2010"), "浙江省人民政府关于调整全省最低工资标准的通知（浙政发〔2023〕23号），月最低工资标准第三档 2010 元，2023年12月1日起执行"),
    "31": (Decimal("2690"), "上海市人力资源和社会保障局关于调整本市最低工资标准的通知，月最低工资标准 2690 元，2023年7月1日起执行"),
}
# Elsewhere, until the bureau adds its province: no offer below this (the lowest monthly tier of any
# province in 2024 was above 1,500 yuan).
MINIMUM_MONTHLY_WAGE_FALLBACK = (Decimal("1500"), "全国各省份月最低工资标准最低档均高于1500元（2024年）")

# A vacancy open longer than this many weeks (ten years) is a typing error.
WEEKS_OPEN_MAX = 520
# Largest headcount one filing may name.
HEADCOUNT_MAX = 100_000
