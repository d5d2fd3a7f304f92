"""What the dashboard (:mod:`holosec.web`) and the briefings (:mod:`holosec.briefings`) both show, built
once: the words (:mod:`holosec.presentation.i18n`) and the situation's pieces
(:mod:`holosec.presentation.situation`: field names, heatmap rows, change labels, alert titles and track
records), so a page and a briefing of the same period say the same thing."""
