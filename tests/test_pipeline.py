"""The pipeline over several documents: order kept, languages batched apart, one failure isolated."""
from quotedb import pipeline
from quotedb.sources import Failure, RawDocument

ENGLISH = 'Kim Min-su, a professor at Korea University, said "talks will resume."'
INDONESIAN = '"Kami siap berunding," kata Menteri Luar Negeri Retno Marsudi kepada wartawan.'


def raw(name: str, text: str) -> RawDocument:
    return RawDocument(name, name, text, "text", "0" * 64)


def test_documents_come_back_in_input_order_whatever_their_language():
    items = [raw("a.txt", ENGLISH), raw("b.txt", INDONESIAN), Failure("c.txt", "unreadable"), raw("d.txt", ENGLISH)]
    out = pipeline.process_all(items, nlp="rules")
    assert [o.source if isinstance(o, Failure) else o.raw.source for o in out] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert [o.article.language for o in out if not isinstance(o, Failure)] == ["en", "id", "en"]
    assert out[2].reason == "unreadable"
    assert out[0].quotes[0].speaker == "Kim Min-su" and out[1].quotes[0].speaker == "Retno Marsudi"
    assert [q.to_dict() for q in out[0].quotes] == [q.to_dict() for q in pipeline.process(items[0], "rules").quotes]


def test_a_document_that_breaks_extraction_fails_alone(monkeypatch):
    original = pipeline.extract

    def breaks_on_one(text, language, annotation):
        if "professor" in text:
            raise ValueError("boom")
        return original(text, language, annotation)

    monkeypatch.setattr(pipeline, "extract", breaks_on_one)
    out = pipeline.process_all([raw("a.txt", ENGLISH), raw("b.txt", 'Lee said "no."')], nlp="rules")
    assert isinstance(out[0], Failure) and out[0].reason == "could not process: ValueError: boom"
    assert out[1].quotes[0].text == "no."


def test_a_batch_the_backend_cannot_annotate_is_annotated_one_by_one(monkeypatch):
    original = pipeline.annotate_many

    def fails_on_batches(texts, *args, **kwargs):
        if len(texts) > 1:
            raise RuntimeError("one of these breaks the model")
        return original(texts, *args, **kwargs)

    monkeypatch.setattr(pipeline, "annotate_many", fails_on_batches)
    out = pipeline.process_all([raw("a.txt", ENGLISH), raw("b.txt", 'Lee said "no."')], nlp="rules")
    assert [o.quotes[0].text for o in out] == ["talks will resume.", "no."]
