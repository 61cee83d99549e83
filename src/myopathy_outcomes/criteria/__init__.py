"""The field's response and classification criteria, one module per published definition.

======================= =============================================================
module                  definition
======================= =============================================================
:mod:`.tis`             2016 ACR/EULAR response criteria: Total Improvement Score and
                        minimal, moderate or major improvement (Aggarwal et al.;
                        Rider et al. 2017)
:mod:`.doi`             IMACS preliminary definition of improvement (Rider et al. 2004)
:mod:`.classification`  2017 EULAR/ACR classification criteria for idiopathic
                        inflammatory myopathies and their subgroups (Lundberg et al. 2017)
:mod:`.scales`          the scales a study declares for the core set measures
:mod:`.core_set`        a visit's core set values; the most abnormal enzyme
:mod:`.response`        response as an outcome of a design: what it declares, and
                        one patient's TIS and IMACS definition together
======================= =============================================================

Each scores one patient with a pure function that returns a frozen result
holding every intermediate number and, when the data cannot give an answer,
the reason and the missing measures (never a score of zero).
"""

from myopathy_outcomes.criteria.classification import (
    IimClassification,
    IimFeatures,
    MuscleBiopsy,
    classify_iim,
)
from myopathy_outcomes.criteria.core_set import (
    CORE_SET,
    CoreSet,
    EnzymeChoice,
    most_abnormal_enzyme,
)
from myopathy_outcomes.criteria.doi import DefinitionOfImprovement, MeasureChange, imacs_doi
from myopathy_outcomes.criteria.response import PatientResponse, ResponseOutcome, score_response
from myopathy_outcomes.criteria.scales import (
    ENZYMES,
    HAQ_DI_SCALE,
    MMT8_BILATERAL_SCALE,
    MMT8_SCALE,
    VAS_CM,
    VAS_MM,
    CoreSetScales,
    Scale,
    UpperLimits,
)
from myopathy_outcomes.criteria.tis import (
    MeasureImprovement,
    TotalImprovementScore,
    improvement_points,
    tis_category,
    total_improvement_score,
)

__all__ = [
    "CORE_SET",
    "ENZYMES",
    "HAQ_DI_SCALE",
    "MMT8_BILATERAL_SCALE",
    "MMT8_SCALE",
    "VAS_CM",
    "VAS_MM",
    "CoreSet",
    "CoreSetScales",
    "DefinitionOfImprovement",
    "EnzymeChoice",
    "IimClassification",
    "IimFeatures",
    "MeasureChange",
    "MeasureImprovement",
    "MuscleBiopsy",
    "PatientResponse",
    "ResponseOutcome",
    "Scale",
    "TotalImprovementScore",
    "UpperLimits",
    "classify_iim",
    "imacs_doi",
    "improvement_points",
    "most_abnormal_enzyme",
    "score_response",
    "tis_category",
    "total_improvement_score",
]
