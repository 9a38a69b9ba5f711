"""FAQ answers are templates over the facts they rest on (#16): change the fact, the answer changes."""

import re
from decimal import Decimal

import pytest

from subgraph import GraphInvalid, load_graph
from subgraph.graph.answer_text import PLACEHOLDER
from subgraph.graph.namespaces import SCHEMA, SG, short_id

REFUND = "kaspersky-caveat-refund-30-days"


def _answer(directory, question_id):
    return load_graph(directory).catalogue.questions[question_id].answer


def _problems(directory):
    with pytest.raises(GraphInvalid) as error:
        load_graph(directory)
    return error.value.problems


def test_changing_a_refund_window_changes_the_answer(small_graph):
    before = _answer(small_graph, "kaspersky-faq-refund")
    assert "within 30 days of the order date" in before
    path = small_graph / "services" / "kaspersky.ttl"
    text = path.read_text()
    start = text.index(f":{REFUND} a sg:Caveat")
    end = text.index(" .\n", start)
    path.write_text(text[:start] + text[start:end].replace("sg:refundDays 30 ;", "sg:refundDays 45 ;") + text[end:])
    after = _answer(small_graph, "kaspersky-faq-refund")
    assert "within 45 days of the order date" in after and "30 days" not in after


def test_price_and_effort_placeholders_follow_their_facts(small_graph):
    path = small_graph / "services" / "norton.ttl"
    text = path.read_text()
    pattern = r"^:(\S+-regular) a schema:UnitPriceSpecification ;\s+schema:price (\d+\.\d+)"
    spec, price = re.search(pattern, text, re.M).groups()
    method = re.search(r"^:(\S+) a sg:CancelMethod", (small_graph / "billers" / "roku.ttl").read_text(), re.M)[1]
    path.write_text(
        text
        + f"""
:norton-faq-test a schema:Question ; schema:name "What does it cost?" ; sg:about :norton ;
    schema:acceptedAnswer :norton-faq-test-answer .
:norton-faq-test-answer a schema:Answer ;
    schema:text "{{price:{spec}}} once, {{twelve-months:{spec}}} twelve times; cancelling takes {{minutes:{method}}}." .
"""
    )
    question = load_graph(small_graph).catalogue.questions["norton-faq-test"]
    amount = Decimal(price)
    assert question.answer.startswith(f"${amount} once, ${amount * 12} twelve times; cancelling takes ")
    assert re.search(r"takes \d+( to \d+)? minutes\.$", question.answer)
    # the facts a placeholder names are facts the answer rests on, without listing them twice
    assert {spec, method} <= set(question.based_on)

    path.write_text(path.read_text().replace(f"schema:price {price}", "schema:price 7.50", 1))
    assert _answer(small_graph, "norton-faq-test").startswith("$7.50 once, $90 twelve times;")


@pytest.mark.parametrize(
    ("placeholder", "message"),
    [
        (f"{{price:{REFUND}}}", f"'{REFUND}' has no price fact"),
        ("{refund-days:no-such-node}", "'no-such-node' has no refund-days fact"),
        (f"{{days:{REFUND}}}", "unknown field"),
        ("{30}", "a brace that is no {field:node-id} placeholder"),
    ],
)
def test_a_placeholder_naming_no_fact_is_refused_with_file_and_line(small_graph, placeholder, message):
    path = small_graph / "services" / "kaspersky.ttl"
    text = path.read_text()
    path.write_text(text.replace(f"{{refund-days:{REFUND}}}", placeholder, 1))
    (problem,) = [p for p in _problems(small_graph) if message in p.message]
    assert (problem.file, problem.node) == ("graph/services/kaspersky.ttl", "kaspersky-faq-refund-answer")
    lines = text.splitlines()
    assert lines[problem.line - 1].startswith(":kaspersky-faq-refund-answer ")


def test_no_answer_restates_a_number_a_fact_it_rests_on_holds(kg):
    """A refund window or a price written as prose beside the fact would go stale when the fact changes."""
    rdf = kg.rdf
    restated = []
    for answer, text in rdf.subject_objects(SCHEMA.text):
        if (answer, SG.basedOn, None) not in rdf:
            continue
        prose = PLACEHOLDER.sub("", str(text))
        for fact in rdf.objects(answer, SG.basedOn):
            days = rdf.value(fact, SG.refundDays)
            if days is not None and int(days) > 0 and re.search(rf"\b{int(days)}[ -](day|business|calendar)", prose):
                restated.append((short_id(answer), short_id(fact)))
            price = rdf.value(fact, SCHEMA.price)
            if price is not None and f"${price.toPython():.2f}" in prose:
                restated.append((short_id(answer), short_id(fact)))
    assert restated == []


def test_answers_show_facts_not_placeholders(kg):
    templated = [short_id(a) for a, t in kg.rdf.subject_objects(SCHEMA.text) if PLACEHOLDER.search(t)]
    assert len(templated) >= 40  # the answers that state a refund window, a price or a sum of prices
    assert not any("{" in q.answer or "}" in q.answer for q in kg.catalogue.questions.values())
    assert "Yes: at Max's last sourced yearly prices (March 2024), the tier with ads cost $99.99 a year" in (
        kg.catalogue.questions["max-faq-cheaper"].answer
    )


def test_an_answer_resting_on_no_fact_is_refused(small_graph):
    path = small_graph / "services" / "kaspersky.ttl"
    text = path.read_text()
    start = text.index(":kaspersky-faq-refund-answer a schema:Answer")
    end = text.index(" .\n", start)
    block = text[start:end]
    based_on = block.index(" ;\n    sg:basedOn")
    path.write_text(text[:start] + block[:based_on].replace(f"{{refund-days:{REFUND}}}", "30") + text[end:])
    (problem,) = _problems(small_graph)
    assert (problem.file, problem.node) == ("graph/services/kaspersky.ttl", "kaspersky-faq-refund-answer")
    assert "names the graph facts it is made from" in problem.message
