"""Named study designs: published studies as :class:`~myopathy_outcomes.design.StudyDesign`."""

from collections.abc import Mapping
from types import MappingProxyType

from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.studies.hanaoka2019 import HANAOKA_2019

#: Every named design by its ``name``, for ``based_on`` in a design file.
STUDIES: Mapping[str, StudyDesign] = MappingProxyType({HANAOKA_2019.name: HANAOKA_2019})

__all__ = ["HANAOKA_2019", "STUDIES"]
