"""JSON encoding: the core's answers go out as they are, read-only parts included."""

import orjson

from subgraph.answers import to_json
from subgraph.decide.question import Question
from subgraph.decide.recommend import recommend


def test_an_answer_encodes_with_its_notes_parameters(kg):
    answer = recommend(kg, Question(service="norton", usage="never"))
    decoded = orjson.loads(to_json(answer))
    assert decoded["decision"] == answer.decision
    notes = decoded["cancel_path"]["notes"]
    assert notes and all(isinstance(n["params"], dict) for n in notes)
