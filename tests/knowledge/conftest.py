from tests.knowledge.flow import kb_flow  # noqa: F401  (the fixture, for every knowledge test)
