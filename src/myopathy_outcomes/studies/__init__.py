"""Named study designs: published studies as :class:`~myopathy_outcomes.design.StudyDesign`."""

from myopathy_outcomes.studies.hanaoka2019 import HANAOKA_2019

__all__ = ["HANAOKA_2019"]
