"""The workspace settings' cache: forgotten when this process saves, and never what keeps an engine alive."""
import gc
import weakref

from bot.db import make_engine, make_session_factory
from bot.qms import workspaces
from bot.qms.workspaces.records import CHANGED_FLAG
from bot.workspace_settings import SettingsCache


def test_a_commit_that_changed_settings_forgets_them(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    sessions = make_session_factory(engine)
    cache = SettingsCache(sessions, workspaces.WorkspaceSettings(), clock=lambda: 0.0)
    cache._entries["T1"] = (0.0, workspaces.WorkspaceSettings(stale_days=3))
    with sessions.begin() as session:
        session.info[CHANGED_FLAG] = {"T1"}
    assert "T1" not in cache._entries
    engine.dispose()


def test_a_dropped_factory_and_its_engine_are_freed(tmp_path):
    """SQLAlchemy keeps a factory's listeners with its Session class: the cache's must not hold the factory."""
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    sessions = make_session_factory(engine)
    cache = SettingsCache(sessions, workspaces.WorkspaceSettings())
    engine.dispose()
    gone = weakref.ref(engine)
    del engine, sessions, cache
    gc.collect()
    assert gone() is None
