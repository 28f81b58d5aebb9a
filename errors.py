"""Domain errors. Stages raise these; app.py (CLI and web) turns them into user messages, once, at the edge."""


class PlanQAError(Exception):
    """Base class: the message is meant for the user and says what to do."""


class UnsupportedFile(PlanQAError):
    """A corpus file whose format no reader handles."""


class UnreadableFile(PlanQAError):
    """A corpus file that a reader handles but could not read (corrupt, encrypted, wrong encoding, empty)."""


class CatalogError(PlanQAError):
    """corpus/catalog.toml is malformed."""


class IndexMissing(PlanQAError):
    """No index has been built in the data dir yet."""


class IndexStale(PlanQAError):
    """The stored index does not match the corpus, the chunker or the embedder."""


class PromptError(PlanQAError):
    """A prompt template is missing or declares variables the caller does not supply."""


class ModelUnavailable(PlanQAError):
    """A model (embedder or LLM) cannot be loaded or reached; the message says how to fix it."""


class FileTooLarge(UnreadableFile):
    """A corpus file over a size limit (PLANQA_INGEST_MAX_MB, PLANQA_INGEST_MAX_CHARS): refused before indexing."""


class SuspiciousDocument(PlanQAError):
    """A corpus file with text addressed to an AI assistant (a prompt injection): reported, never indexed."""


class IndexWriteFailed(PlanQAError):
    """A new index could not be written (disk full, permissions); the previous index stays live."""


class InvalidQuestion(PlanQAError):
    """A question refused at the API edge (answer/guard.py); the message says why, in the user's language."""


class EmptyQuestion(InvalidQuestion):
    """Nothing left of the question once whitespace and control characters are removed."""


class QuestionTooLong(InvalidQuestion):
    """Longer than PLANQA_MAX_QUESTION_CHARS."""


class InvalidProfile(PlanQAError):
    """An enterprise profile for policy matching with a value of the wrong type or outside its vocabulary."""
