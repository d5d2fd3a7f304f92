"""The regional security architecture and the foreign-affairs agenda as measurable lenses: the regional
matrix of a grouping's members (:mod:`~holosec.regional.matrix`), the principles of the New Asia Security
Concept as metrics (:mod:`~holosec.regional.principles`), the seven foreign-affairs lenses
(:mod:`~holosec.regional.lenses`) and the overseas-interests exposure (:mod:`~holosec.regional.exposure`).
The method and its limits are in ``docs/regional-method.md``.
"""
