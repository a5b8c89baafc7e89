"""Login lockouts, two ways (django-axes):

- one username from one address: locked after LOGIN_FAILURE_LIMIT failures;
- one address across any usernames (credential stuffing: a few passwords on each of
  many usernames): locked after LOGIN_ADDRESS_FAILURE_LIMIT failures, higher, so an
  office behind one address is not locked out by one person's typos.

django-axes counts failures for each of AXES_LOCKOUT_PARAMETERS and compares the
largest count with a single limit; this handler scales the address's count to that
limit instead, so each kind of lockout has its own threshold.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

ADDRESS = ["ip_address"]


def _is_address(parameter: str | list[str]) -> bool:
    return parameter in (ADDRESS, ADDRESS[0])


class PairAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        counts = []
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if _is_address(parameter):
                # floor(n * pair / address) >= pair exactly when n >= address
                failures = (
                    failures * settings.AXES_FAILURE_LIMIT // settings.LOGIN_ADDRESS_FAILURE_LIMIT
                )
            counts.append(failures)
        return max(counts, default=0)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful login clears that username's failures from that address, not the
        address's count across usernames (else one valid account would reset it)."""
        parameters = get_lockout_parameters(request, credentials)
        count = 0
        for parameter, attempts in zip(
            parameters, self.filter_user_attempts(request, credentials), strict=True
        ):
            if not _is_address(parameter):
                count += attempts.delete()[0]
        return count
