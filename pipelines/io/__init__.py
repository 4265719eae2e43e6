"""pipelines/io."""
