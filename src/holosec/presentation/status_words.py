# ruff: noqa: RUF001  (Chinese phrases use full-width punctuation)
"""The words of the status page (the live follower's state and its recent cycles).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

STATUS: Final[dict[str, dict[str, str]]] = {
    "status_nav": {"en": "Status", "zh": "运行状态"},
    "status_title": {"en": "Following GDELT", "zh": "GDELT 实时跟踪"},
    "status_utc": {"en": "All times are in UTC.", "zh": "所有时间均为协调世界时。"},
    "status_state_idle": {
        "en": "Following GDELT: idle, waiting for the next cycle.",
        "zh": "正在跟踪GDELT：空闲，等待下一轮。",
    },
    "status_state_running": {
        "en": "Following GDELT: running a cycle now.",
        "zh": "正在跟踪GDELT：本轮正在运行。",
    },
    "status_state_off": {"en": "Not following GDELT.", "zh": "未在跟踪GDELT。"},
    "status_how_to_start": {
        "en": "To follow GDELT live while serving this dashboard, start the server with:",
        "zh": "如需在提供本看板的同时实时跟踪GDELT，请用以下命令启动服务：",
    },
    "status_last_cycle": {"en": "The last cycle", "zh": "最近一轮"},
    "status_no_cycle": {"en": "No cycle has run yet.", "zh": "尚未运行过任何一轮。"},
    "status_started": {"en": "Started", "zh": "开始时间"},
    "status_finished": {"en": "Finished", "zh": "结束时间"},
    "status_took": {"en": "Took", "zh": "用时"},
    "status_files": {"en": "Files", "zh": "文件数"},
    "status_rows_stored": {"en": "Rows stored", "zh": "入库行数"},
    "status_quarantined": {"en": "Quarantined", "zh": "隔离行数"},
    "status_alerts": {"en": "New alerts", "zh": "新预警"},
    "status_error": {"en": "Error", "zh": "错误"},
    "status_no_error": {"en": "none", "zh": "无"},
    "status_error_files": {
        "en": "{count} file(s) failed and will be tried again or were given up",
        "zh": "{count}个文件失败，将重试或已放弃",
    },
    "status_error_cycle": {"en": "the cycle stopped", "zh": "本轮中途停止"},
    "status_not_finished": {"en": "not finished", "zh": "尚未结束"},
    "status_seconds": {"en": "{seconds} s", "zh": "{seconds}秒"},
    "status_minutes_seconds": {"en": "{minutes} min {seconds} s", "zh": "{minutes}分{seconds}秒"},
    "status_lag": {"en": "Lag", "zh": "滞后"},
    "status_lag_none": {"en": "No GDELT file taken yet.", "zh": "尚未获取任何GDELT文件。"},
    "status_lag_minutes": {"en": "{count} minutes behind GDELT", "zh": "落后GDELT约{count}分钟"},
    "status_lag_hours": {"en": "{count} hours behind GDELT", "zh": "落后GDELT约{count}小时"},
    "status_lag_days": {"en": "{count} days behind GDELT", "zh": "落后GDELT约{count}天"},
    "status_next": {"en": "Next cycle", "zh": "下一轮"},
    "status_next_none": {"en": "none planned", "zh": "未安排"},
    "status_recent": {"en": "Recent cycles", "zh": "近期各轮"},
    "status_recent_none": {"en": "The store's log holds no cycle.", "zh": "数据库日志中没有任何一轮的记录。"},
}
