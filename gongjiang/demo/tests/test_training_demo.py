"""The demo's training world (issue 12): the trainer account has an institution with classes and
check-ins, and supervision finds each planted fraud pattern."""

import pytest

from gongjiang.accounts.models import User
from gongjiang.training.models import CheckIn, Finding, Institution, Rule, TrainingClass

pytestmark = pytest.mark.django_db


def test_the_trainer_account_has_an_institution_with_classes_and_checkins(dinghai_demo):
    trainer = User.objects.get(username="trainer")
    assert trainer.training_institution is not None
    assert TrainingClass.objects.filter(institution=trainer.training_institution, status="approved").count() == 3
    assert CheckIn.objects.filter(training_class__institution=trainer.training_institution).exists()
    assert Institution.objects.count() == 12


@pytest.mark.parametrize("rule", [Rule.TWO_SITES, Rule.OUTSIDE_TIMETABLE, Rule.HOURS_SHORT, Rule.IDENTICAL_SEQUENCE,
                                  Rule.PAST_RETIREMENT_AGE, Rule.REPEATED_PROGRAMME])
def test_supervision_finds_each_planted_pattern(dinghai_demo, rule):
    assert Finding.objects.filter(rule=rule).exists()


def test_honest_classes_raise_no_findings(dinghai_demo):
    """Each planted pattern is found once; the honest classes' jittered attendance raises nothing."""
    counts = {rule: Finding.objects.filter(rule=rule).count() for rule in Rule.values}
    assert counts[Rule.IDENTICAL_SEQUENCE] == 1
    assert counts[Rule.HOURS_SHORT] == 1
    assert counts[Rule.PAST_RETIREMENT_AGE] == 1
    assert counts[Rule.REPEATED_PROGRAMME] == 1
    # The person at two sites: one finding for each institution, and the second institution's
    # check-in also falls outside its own timetable.
    assert counts[Rule.TWO_SITES] == 2
    assert counts[Rule.OUTSIDE_TIMETABLE] == 2
