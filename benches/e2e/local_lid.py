"""datatrove's lid.176 language filter reading the model from a local file.

datatrove 0.10.1's FT176LID always resolves its model through
`cached_asset_path_or_download(MODEL_URL, ...)`, which downloads lid.176.bin from
dl.fbaipublicfiles.com on first use. The benchmark must not download, so this
subclass overrides only the `model` property to open a local file (we pass
tamis's bundled lid.176.ftz, the quantized release of the same model; both
tools then use the same weights). Everything else (predict, threshold, metadata)
is datatrove's code. Kept in its own module so that pickled pipelines resolve it
in worker processes (PYTHONPATH includes this folder).
"""
from datatrove.pipeline.filters import LanguageFilter
from datatrove.utils.lid import FT176LID


class LocalFT176LID(FT176LID):
    def __init__(self, languages, model_path, k=-1):
        super().__init__(languages, k=k)
        self.model_path = model_path

    @property
    def model(self):
        if self._model is None:
            from fasttext.FastText import _FastText

            self._model = _FastText(self.model_path)
        return self._model


class LocalLanguageFilter(LanguageFilter):
    def __init__(self, model_path, languages=("en",), language_threshold=0.65, **kw):
        super().__init__(languages=list(languages), language_threshold=language_threshold, **kw)
        self.model = LocalFT176LID(self.languages, model_path)
