"""A follow-up that can no longer be asked settles the tests on it (issue 11, item 5)."""

from __future__ import annotations

from collections.abc import Callable

from engine.model import Rulebase
from tests.conftest import HEADER

RECEIPT = (
    HEADER
    + """\
questions:
  - id: delivery
    text: Was there a delivery in the last 7 days?
    type: yes_no
  - id: posted
    text: Was the delivery received in the system?
    type: yes_no
    ask_when:
      question: delivery
      is: yes
rules:
  - id: unposted_receipt
    when:
      question: posted
      is: no
    then:
      suggest: post_receipt
      certainty: 0.9
    because: Goods that arrived but were never received are on the shelf, not on the books.
  - id: no_open_receipt
    when:
      not:
        question: posted
        is: no
    then:
      suggest: count_again
      certainty: 0.5
    because: No receipt is waiting to be posted, so count the shelf again.
  - id: posted_other
    when:
      question: posted
      is_not: yes
    then:
      suggest: check_variant
      certainty: 0.4
    because: A delivery received but not as itself may be the wrong variant.
solutions:
  - id: post_receipt
    title: Receive the delivery in the system
  - id: count_again
    title: Count the shelf again
  - id: check_variant
    title: Check the variant that was received
"""
)


def test_tests_on_a_follow_up_that_does_not_apply_fail_and_not_holds(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    session = load_yaml(RECEIPT).start({"delivery": False})
    assert session.next_question() is None
    assert [r.solution.id for r in session.recommendations()] == ["count_again"]
    why_not = session.explain_why_not("post_receipt").rules[0]
    assert why_not.problems == ("needs `posted` is no, but that question does not apply",)


def test_a_skipped_follow_up_stays_unknown(load_yaml: Callable[[str], Rulebase]) -> None:
    session = load_yaml(RECEIPT).start({"delivery": True})
    session.skip("posted")
    assert [r.solution.id for r in session.recommendations()] == []


def test_a_follow_up_whose_parent_is_skipped_might_have_applied(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    session = load_yaml(RECEIPT).start()
    session.skip("delivery")
    assert session.next_question() is None
    # Nobody knows whether a receipt is open: neither "post it" nor "none is open".
    assert [r.solution.id for r in session.recommendations()] == []


def test_how_says_a_follow_up_did_not_apply(load_yaml: Callable[[str], Rulebase]) -> None:
    session = load_yaml(RECEIPT).start({"delivery": False})
    how = session.explain_how("count_again")
    assert "`posted` does not apply, so it was not asked" in str(how)


def test_a_follow_up_answered_early_is_set_aside_when_it_stops_applying(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    rulebase = load_yaml(RECEIPT)
    session = rulebase.start()
    session.answer("posted", False)  # an app may answer a follow-up before its parent
    assert [r.solution.id for r in session.recommendations()] == ["post_receipt", "check_variant"]
    session.answer("delivery", False)
    # No delivery, so nothing waits to be received: the early answer counts for nothing.
    assert [r.solution.id for r in session.recommendations()] == ["count_again"]
    assert "unposted_receipt" not in session.fired_rules()
    assert session.answers == {"delivery": False}
    assert [e.question for e in session.history] == ["delivery"]
    resumed = rulebase.resume(session.to_dict())
    assert resumed.answers == {"delivery": False}
    assert [r.solution.id for r in resumed.recommendations()] == ["count_again"]
    # Back undoes the parent's answer exactly: the early answer counts again.
    assert session.back() == "delivery"
    assert session.answers == {"posted": False}
    assert [r.solution.id for r in session.recommendations()] == ["post_receipt", "check_variant"]


def test_how_says_a_skipped_question_was_not_known_not_that_it_did_not_apply(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    text = RECEIPT.replace(
        "solutions:\n",
        """  - id: receipt_unknown
    when:
      question: posted
      answered: no
    then:
      suggest: ask_receiving
      certainty: 0.6
    because: Nobody knows whether the delivery was received, so ask receiving first.
solutions:
  - id: ask_receiving
    title: Ask receiving whether the delivery was received
""",
    )
    session = load_yaml(text).start({"delivery": True})
    session.skip("posted")
    how = "\n".join(session.explain_how("ask_receiving").lines())
    assert '`posted` was answered "I don\'t know"' in how
    assert "does not apply" not in how
