"""A project that squashed its history (as zou does): the squash revision in versions/ reuses the
id of the last pre-squash revision, which stays in versions/legacy/, a version location of its own."""
