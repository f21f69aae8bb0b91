import pytest
from factories import DeclarationFactory

from zhicheng.materials.models import MaterialType


@pytest.fixture
def decl(db):
    return DeclarationFactory()


@pytest.fixture
def mtype(db):
    return lambda code: MaterialType.objects.get(code=code)
