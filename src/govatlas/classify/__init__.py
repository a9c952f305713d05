"""Machine judgements about texts, and how well they are measured (DESIGN.md).

Sub-packages by job, lowest first; a module imports only from packages before its
own (``tests/classify/test_classify_layers.py`` checks it):

- ``gold``: passages people labelled, the file format, the project's own gold set,
  agreement between annotators, and the metrics every classifier is scored with.
- ``encoders``: the bundled sentence encoder on onnxruntime, its int8 weights, its
  fine-tuning on the gold, provision vectors and semantic search over them.
- ``measured``: the measured quality of the shipped models, and which concepts are
  therefore experimental wherever labels are shown.
- ``concepts``: zero-shot concept matching and the keyword baseline.
- ``agora``: AGORA document tags, a tf-idf model trained on AGORA's own coding,
  evaluated against its dev gold and against a gold file of one's own.
- ``labels``: machine labels on instruments with their evidence, the review queue
  and its order, near misses.
- ``provisions``: the supervised provision classifiers for the concepts the product
  reports on: features, training, labelling, reviewed passages, what reviews buy.
- ``risks``: the MIT risk-domain model and its evaluation on coded texts.

Two modules stay at the top: ``pickled`` (trained models on disk, below every
sub-package) and ``labelling_runs`` (the labelling pipelines the build, the CLI
and the web call, above them all).
"""
