"""The congress's models, one module per part (decision 0026).

congress: the congress itself, its phase, rules and call; sections: membership
figures and the apportioned seats; delegates: nominations, credentials,
mandates, proxies and attendance; debate: contributions, bulletins and
tendencies; floor: the agenda, speakers' lists and the state of the hall.
"""

from internationale.congresses.models.congress import *  # noqa: F403
from internationale.congresses.models.debate import *  # noqa: F403
from internationale.congresses.models.delegates import *  # noqa: F403
from internationale.congresses.models.floor import *  # noqa: F403
from internationale.congresses.models.sections import *  # noqa: F403
