"""The extraction stages read an Annotation: its sentences, and its dependencies and NER when provided.

Documents here are hand-written CoNLL-U, read with stanza's own reader and turned into an
Annotation as the stanza backends do; the same text without one (rules) shows what the parse changes.
"""
from __future__ import annotations

from stanza.utils.conll import CoNLL

from quotedb.extract import extract
from quotedb.nlp import DEPENDENCIES, ENTITIES, SENTENCES
from quotedb.nlp.rules import rules_annotation
from quotedb.nlp.stanza_backend import annotation_from_document

PARSED = frozenset({SENTENCES, ENTITIES, DEPENDENCIES})


def conllu_document(conllu: str):
    doc = CoNLL.conll2doc(input_str=conllu, reconstruct_text=True)  # offsets, text and doc.ents
    assert doc.text
    return doc


def as_annotation(doc):
    return annotation_from_document(doc, doc.text, "conllu", PARSED)


MODIFIED_SUBJECT = """\
# text = The veteran negotiator behind the 2018 talks in Singapore said the deal was dead.
1	The	the	DET	_	_	3	det	_	_
2	veteran	veteran	ADJ	_	_	3	amod	_	_
3	negotiator	negotiator	NOUN	_	_	10	nsubj	_	_
4	behind	behind	ADP	_	_	7	case	_	_
5	the	the	DET	_	_	7	det	_	_
6	2018	2018	NUM	_	_	7	nummod	_	_
7	talks	talk	NOUN	_	_	3	nmod	_	_
8	in	in	ADP	_	_	9	case	_	_
9	Singapore	Singapore	PROPN	_	_	7	nmod	_	_
10	said	say	VERB	_	_	0	root	_	_
11	the	the	DET	_	_	12	det	_	_
12	deal	deal	NOUN	_	_	14	nsubj	_	_
13	was	be	AUX	_	_	14	cop	_	_
14	dead	dead	ADJ	_	_	10	ccomp	_	SpaceAfter=No
15	.	.	PUNCT	_	_	10	punct	_	_

"""


def test_dependency_subject_replaces_a_source_the_rules_took_from_a_modifier():
    doc = conllu_document(MODIFIED_SUBJECT)
    [by_rules] = extract(doc.text, "en")
    assert by_rules.speaker == "Singapore"  # the nearest capitalised phrase before "said"
    [parsed] = extract(doc.text, "en", as_annotation(doc))
    assert parsed.text == "the deal was dead"
    assert parsed.speaker is None and parsed.speaker_kind == "anonymous"
    assert parsed.speaker_mention == "The veteran negotiator"  # head + det + amod, not its modifiers


NAMED_SUBJECT = """\
# text = Choi Eun-ji, a fellow at the Sejong Institute, said talks were unlikely.
1	Choi	Choi	PROPN	_	_	11	nsubj	_	_
2	Eun-ji	Eun-ji	PROPN	_	_	1	flat	_	SpaceAfter=No
3	,	,	PUNCT	_	_	5	punct	_	_
4	a	a	DET	_	_	5	det	_	_
5	fellow	fellow	NOUN	_	_	1	appos	_	_
6	at	at	ADP	_	_	9	case	_	_
7	the	the	DET	_	_	9	det	_	_
8	Sejong	Sejong	PROPN	_	_	9	compound	_	_
9	Institute	Institute	PROPN	_	_	5	nmod	_	SpaceAfter=No
10	,	,	PUNCT	_	_	5	punct	_	_
11	said	say	VERB	_	_	0	root	_	_
12	talks	talk	NOUN	_	_	14	nsubj	_	_
13	were	be	AUX	_	_	14	cop	_	_
14	unlikely	unlikely	ADJ	_	_	11	ccomp	_	SpaceAfter=No
15	.	.	PUNCT	_	_	11	punct	_	_

"""


def test_rules_keep_their_name_boundaries_when_the_parse_agrees_on_the_subject():
    doc = conllu_document(NAMED_SUBJECT)
    [parsed] = extract(doc.text, "en", as_annotation(doc))
    assert (parsed.speaker, parsed.role, parsed.affiliation) == ("Choi Eun-ji", "fellow", "Sejong Institute")


ORGANIZATION = """\
# text = Rosatom said on Monday that the plant would reopen.
1	Rosatom	Rosatom	PROPN	_	_	2	nsubj	_	ner=S-ORG
2	said	say	VERB	_	_	0	root	_	ner=O
3	on	on	ADP	_	_	4	case	_	ner=O
4	Monday	Monday	PROPN	_	_	2	obl	_	ner=S-DATE
5	that	that	SCONJ	_	_	9	mark	_	ner=O
6	the	the	DET	_	_	7	det	_	ner=O
7	plant	plant	NOUN	_	_	9	nsubj	_	ner=O
8	would	would	AUX	_	_	9	aux	_	ner=O
9	reopen	reopen	VERB	_	_	2	ccomp	_	SpaceAfter=No|ner=O
10	.	.	PUNCT	_	_	2	punct	_	ner=O

"""


def test_ner_organization_makes_an_unknown_name_an_organization_speaker():
    doc = conllu_document(ORGANIZATION)
    assert [(e.text, e.type) for e in doc.ents] == [("Rosatom", "ORG"), ("Monday", "DATE")]
    [by_rules] = extract(doc.text, "en")
    assert by_rules.speaker_kind == "person"  # a capitalised unknown word: the rules' best guess
    [parsed] = extract(doc.text, "en", as_annotation(doc))
    assert (parsed.text, parsed.speaker, parsed.speaker_kind) == ("the plant would reopen", "Rosatom", "organization")


HYPHENATED_PERSON = """\
# text = Ri Yong-chol said the drills were a provocation.
1	Ri	Ri	PROPN	_	_	5	nsubj	_	ner=B-PER
2	Yong	Yong	PROPN	_	_	1	flat	_	SpaceAfter=No|ner=E-PER
3	-	-	PUNCT	_	_	4	punct	_	SpaceAfter=No|ner=O
4	chol	chol	PROPN	_	_	1	flat	_	ner=O
5	said	say	VERB	_	_	0	root	_	ner=O
6	the	the	DET	_	_	7	det	_	ner=O
7	drills	drill	NOUN	_	_	10	nsubj	_	ner=O
8	were	be	AUX	_	_	10	cop	_	ner=O
9	a	a	DET	_	_	10	det	_	ner=O
10	provocation	provocation	NOUN	_	_	5	ccomp	_	SpaceAfter=No|ner=O
11	.	.	PUNCT	_	_	5	punct	_	ner=O

"""


def test_a_person_entity_cut_at_a_hyphen_covers_the_whole_name():
    doc = conllu_document(HYPHENATED_PERSON)
    assert [e.text for e in doc.ents] == ["Ri Yong"]  # EWT tokenization splits "Yong-chol"
    [parsed] = extract(doc.text, "en", as_annotation(doc))
    assert (parsed.speaker, parsed.speaker_kind) == ("Ri Yong-chol", "person")


def test_sentences_come_from_the_document_and_never_cross_a_line():
    text = "First line without a stop\nsecond line. Another one.\n\nA new paragraph."
    conllu = "\n".join([
        "1\tFirst\t_\t_\t_\t_\t0\troot\t_\t_", "2\tline\t_\t_\t_\t_\t1\tdep\t_\t_",
        "3\twithout\t_\t_\t_\t_\t1\tdep\t_\t_", "4\ta\t_\t_\t_\t_\t1\tdep\t_\t_",
        "5\tstop\t_\t_\t_\t_\t1\tdep\t_\tSpacesAfter=\\n", "6\tsecond\t_\t_\t_\t_\t1\tdep\t_\t_",
        "7\tline\t_\t_\t_\t_\t1\tdep\t_\tSpaceAfter=No", "8\t.\t_\t_\t_\t_\t1\tpunct\t_\t_",
        "9\tAnother\t_\t_\t_\t_\t1\tdep\t_\t_", "10\tone\t_\t_\t_\t_\t1\tdep\t_\tSpaceAfter=No",
        "11\t.\t_\t_\t_\t_\t1\tpunct\t_\tSpacesAfter=\\n\\n", "12\tA\t_\t_\t_\t_\t0\troot\t_\t_",
        "13\tnew\t_\t_\t_\t_\t12\tdep\t_\t_", "14\tparagraph\t_\t_\t_\t_\t12\tdep\t_\tSpaceAfter=No",
        "15\t.\t_\t_\t_\t_\t12\tpunct\t_\t_", "", "",
    ])
    doc = conllu_document(conllu)  # one "sentence" running over three lines (a backend's mistake)
    doc.text = text
    segmentation = annotation_from_document(doc, text, "conllu", frozenset({SENTENCES})).segmentation
    # "First line without a stop\nsecond line." is one soft-wrapped line; the paragraph break cuts
    assert [text[s:e] for s, e in segmentation.sentences] == [
        "First line without a stop\nsecond line. Another one.", "A new paragraph."]
    assert [segmentation.lines[i].paragraph for i in segmentation.sentence_lines] == [0, 1]


def test_what_an_annotation_does_not_provide_is_not_read():
    doc = conllu_document(MODIFIED_SUBJECT)
    sentences_only = annotation_from_document(doc, doc.text, "conllu", frozenset({SENTENCES}))
    assert sentences_only.subjects == {} and sentences_only.entities == ()
    assert extract(doc.text, "en", sentences_only) == extract(doc.text, "en")


def test_rules_annotation_splits_sentences_within_lines():
    text = 'Kim said, "We are ready." Lee disagreed.\n\n"Not yet," Lee said. The talks ended.'
    segmentation = rules_annotation(text).segmentation
    assert [text[s:e] for s, e in segmentation.sentences] == [
        'Kim said, "We are ready."', "Lee disagreed.", '"Not yet," Lee said.', "The talks ended."]
