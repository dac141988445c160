import gc
import weakref

from pytestqt.qtbot import QtBot

from willkommensordner.gui.garbage import INTERVAL_MS, MainThreadGarbageCollector


class _Node:
    def __init__(self) -> None:
        self.me = self


def test_garbage_is_collected_by_the_gui_thread_not_automatically(qtbot: QtBot) -> None:
    collector = MainThreadGarbageCollector()
    assert not gc.isenabled()
    assert collector._timer.isActive() and collector._timer.interval() == INTERVAL_MS
    node = _Node()
    alive = weakref.ref(node)
    del node
    for _ in range(gc.get_threshold()[0] + 10):
        _Node()  # cycles: only a collection frees them
    assert alive() is not None
    collector.collect_if_due()
    assert alive() is None
    collector.deleteLater()
