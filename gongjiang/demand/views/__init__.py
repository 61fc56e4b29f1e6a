"""Pages of the demand domain (issue 15; R2.1, R2.2): enterprise filings (form, Excel import through
`ingest`, revise, withdraw, history), the bureau's aggregates and indicators, the catalogue draft
with review notes and publication, the weights, and the public catalogue. Thin: parse, call a
service or selector, render; every list exports to Excel."""

from gongjiang.demand.views.bureau import *  # noqa: F403
from gongjiang.demand.views.catalogue import *  # noqa: F403
from gongjiang.demand.views.exports import *  # noqa: F403
from gongjiang.demand.views.filings import *  # noqa: F403
from gongjiang.demand.views.forecast import *  # noqa: F403
from gongjiang.demand.views.public import *  # noqa: F403
from gongjiang.demand.views.workforce import *  # noqa: F403
