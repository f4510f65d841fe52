import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Attachments and export zips go through the storage API; keep them out of var/.
    settings.MEDIA_ROOT = tmp_path / "media"
