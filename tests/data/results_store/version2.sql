PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES(2);
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('run', 'batch', 'sweep', 'compare',
                                                'sensitivity')),
  name            TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
  parent_id       INTEGER REFERENCES runs(id),
  created_utc     TEXT NOT NULL,
  engine_version  TEXT NOT NULL,
  scenario_id     TEXT NOT NULL DEFAULT '',
  scenario_file   TEXT NOT NULL DEFAULT '',
  scenario_sha256 TEXT NOT NULL DEFAULT '',
  scenario_text   TEXT NOT NULL DEFAULT '',
  overrides_json  TEXT NOT NULL DEFAULT '[]',
  options_json    TEXT NOT NULL DEFAULT '{}',
  seed            INTEGER NOT NULL DEFAULT 0,
  branches        INTEGER NOT NULL DEFAULT 0,
  threads         INTEGER NOT NULL DEFAULT 0,
  wall_seconds    REAL NOT NULL DEFAULT 0,
  partial         INTEGER NOT NULL DEFAULT 0,
  cache_key       TEXT,
  summary_json    TEXT NOT NULL DEFAULT ''
);
INSERT INTO runs VALUES(1,'run','minimal.yaml','complete',NULL,'2026-12-02T00:14:59Z','0.1.0','minimal','minimal.yaml','909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5',replace('# yaml-language-server: $schema=../../../docs/scenario.schema.json\n# The least a scenario must say; everything else takes its default.\nscenario:\n  id: minimal\n  title: "Minimal"\n  as_of: 2026-01-01\n  horizon: 12\nissues:\n  - {id: share, kind: continuous, range: {low: 0, high: 1}}\nparties:\n  - id: a\n    role: principal\n    demands:\n      share: {ideal: 1}\n  - id: b\n    role: principal\n    demands:\n      share: {ideal: 0}\nprocess:\n  initial: talks\n  states:\n    - {id: talks, kind: bargaining}\n    - {id: deal, kind: terminal, outcome: agreement}\n  transitions:\n    - {from: talks, to: deal, on: accepted}\n','\n',char(10)),'[]','{}',3,200,2,0.003279635999999999836,0,'8ed6fa9ced3846f67604a8607ff732591b610e5f8522c95fd230ef72a9c635ed','{"branches":200,"date":"2026-12-02T00:14:59Z","engine_version":"0.1.0","format":"negsim-summary","format_version":2,"groups":[{"by_round":[{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-01","probability":0.0,"round":0},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-08","probability":0.0,"round":1},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-15","probability":0.0,"round":2},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-22","probability":0.0,"round":3},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-29","probability":0.0,"round":4},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-02-05","probability":0.0,"round":5},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-12","probability":1.0,"round":6},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-19","probability":1.0,"round":7},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-26","probability":1.0,"round":8},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-05","probability":1.0,"round":9},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-12","probability":1.0,"round":10},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-19","probability":1.0,"round":11},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-26","probability":1.0,"round":12}],"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":42.0,"p10":42.0,"p25":42.0,"p5":42.0,"p50":42.0,"p75":42.0,"p90":42.0,"p95":42.0,"std_error":0.0},"id":"text_accepted","label":"A text every principal accepted","probability":1.0,"rounds":{"mean":6.0,"p10":6.0,"p25":6.0,"p5":6.0,"p50":6.0,"p75":6.0,"p90":6.0,"p95":6.0,"std_error":0.0}}],"milestones":[],"outcomes":[{"agreed_count":200,"agreement":false,"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":42.0,"p10":42.0,"p25":42.0,"p5":42.0,"p50":42.0,"p75":42.0,"p90":42.0,"p95":42.0,"std_error":0.0},"id":"agreement","label":"deal","probability":1.0,"rounds":{"mean":6.0,"p10":6.0,"p25":6.0,"p5":6.0,"p50":6.0,"p75":6.0,"p90":6.0,"p95":6.0,"std_error":0.0},"std_error":0.0,"terms":[{"count":200,"issue":"share","kind":"continuous","label":"share","options":[],"unit":"","value":{"mean":0.5,"p10":0.5000000000000001,"p25":0.5000000000000001,"p5":0.5000000000000001,"p50":0.5000000000000001,"p75":0.5000000000000001,"p90":0.5000000000000001,"p95":0.5000000000000001,"std_error":0.0}}],"unresolved":false,"utility":[{"name":"a","party":"a","utility":{"mean":0.5,"p10":0.5000000000000001,"p25":0.5000000000000001,"p5":0.5000000000000001,"p50":0.5000000000000001,"p75":0.5000000000000001,"p90":0.5000000000000001,"p95":0.5000000000000001,"std_error":0.0}},{"name":"b","party":"b","utility":{"mean":0.5,"p10":0.4999999999999999,"p25":0.4999999999999999,"p5":0.4999999999999999,"p50":0.4999999999999999,"p75":0.4999999999999999,"p90":0.4999999999999999,"p95":0.4999999999999999,"std_error":0.0}}]},{"agreed_count":0,"agreement":false,"ci95":[0.0,0.018845326377266575],"count":0,"days":null,"id":"unresolved","label":"Unresolved at the horizon","probability":0.0,"rounds":null,"std_error":0.0,"terms":[],"unresolved":true,"utility":[]}],"partial":false,"paths":[{"count":200,"labels":["talks","deal"],"share":1.0,"states":["talks","deal"],"truncated":false}],"precision":0.0,"precision_met":false,"scenario":{"as_of":"2026-01-01","file":"minimal.yaml","horizon":12,"id":"minimal","round_days":7.0,"round_label":"round","sha256":"909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5","title":"Minimal"},"seed":3,"shocks":[],"shocks_note":"Association, not effect: the share of each outcome in branches where a shock happened against branches where it did not. Branches that last longer see more shocks, so a shock that often fires late looks linked to late outcomes. For the effect of a shock, run with --drivers (key \"drivers\").","threads":2,"timing":{"days":{"mean":42.0,"p10":42.0,"p25":42.0,"p5":42.0,"p50":42.0,"p75":42.0,"p90":42.0,"p95":42.0,"std_error":0.0},"resolved":200,"rounds":{"mean":6.0,"p10":6.0,"p25":6.0,"p5":6.0,"p50":6.0,"p75":6.0,"p90":6.0,"p95":6.0,"std_error":0.0},"unresolved_ci95":[0.0,0.018845326377266575],"unresolved_share":0.0},"wall_seconds":0.003279636}');
INSERT INTO runs VALUES(2,'run','minimal.yaml','complete',NULL,'2026-12-02T00:14:59Z','0.1.0','minimal','minimal.yaml','6c6e55be6ce610c673ebf570e5384e7353f3c2d542a0611b9573fa2009b43e91',replace('scenario:\n  id: minimal\n  title: "Minimal"\n  as_of: 2026-01-01\n  horizon: 10\nissues:\n  - {id: share, kind: continuous, range: {low: 0, high: 1}}\nparties:\n  - id: a\n    role: principal\n    demands:\n      share: {ideal: 1}\n  - id: b\n    role: principal\n    demands:\n      share: {ideal: 0}\nprocess:\n  initial: talks\n  states:\n    - {id: talks, kind: bargaining}\n    - {id: deal, kind: terminal, outcome: agreement}\n  transitions:\n    - {from: talks, to: deal, on: accepted}\n','\n',char(10)),'["scenario.horizon=10"]','{}',4,200,2,0.006948526000000000008,0,'64567699e1748707d573197cb94ca41c1a15e7b15005beafdf638691dad3e678','{"branches":200,"date":"2026-12-02T00:14:59Z","engine_version":"0.1.0","format":"negsim-summary","format_version":2,"groups":[{"by_round":[{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-01","probability":0.0,"round":0},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-08","probability":0.0,"round":1},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-15","probability":0.0,"round":2},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-22","probability":0.0,"round":3},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-29","probability":0.0,"round":4},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-05","probability":1.0,"round":5},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-12","probability":1.0,"round":6},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-19","probability":1.0,"round":7},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-26","probability":1.0,"round":8},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-05","probability":1.0,"round":9},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-12","probability":1.0,"round":10}],"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":35.0,"p10":35.0,"p25":35.0,"p5":35.0,"p50":35.0,"p75":35.0,"p90":35.0,"p95":35.0,"std_error":0.0},"id":"text_accepted","label":"A text every principal accepted","probability":1.0,"rounds":{"mean":5.0,"p10":5.0,"p25":5.0,"p5":5.0,"p50":5.0,"p75":5.0,"p90":5.0,"p95":5.0,"std_error":0.0}}],"milestones":[],"outcomes":[{"agreed_count":200,"agreement":false,"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":35.0,"p10":35.0,"p25":35.0,"p5":35.0,"p50":35.0,"p75":35.0,"p90":35.0,"p95":35.0,"std_error":0.0},"id":"agreement","label":"deal","probability":1.0,"rounds":{"mean":5.0,"p10":5.0,"p25":5.0,"p5":5.0,"p50":5.0,"p75":5.0,"p90":5.0,"p95":5.0,"std_error":0.0},"std_error":0.0,"terms":[{"count":200,"issue":"share","kind":"continuous","label":"share","options":[],"unit":"","value":{"mean":0.5,"p10":0.49999999999999994,"p25":0.49999999999999994,"p5":0.49999999999999994,"p50":0.49999999999999994,"p75":0.49999999999999994,"p90":0.49999999999999994,"p95":0.49999999999999994,"std_error":0.0}}],"unresolved":false,"utility":[{"name":"a","party":"a","utility":{"mean":0.5,"p10":0.5,"p25":0.5,"p5":0.5,"p50":0.5,"p75":0.5,"p90":0.5,"p95":0.5,"std_error":0.0}},{"name":"b","party":"b","utility":{"mean":0.5,"p10":0.5,"p25":0.5,"p5":0.5,"p50":0.5,"p75":0.5,"p90":0.5,"p95":0.5,"std_error":0.0}}]},{"agreed_count":0,"agreement":false,"ci95":[0.0,0.018845326377266575],"count":0,"days":null,"id":"unresolved","label":"Unresolved at the horizon","probability":0.0,"rounds":null,"std_error":0.0,"terms":[],"unresolved":true,"utility":[]}],"partial":false,"paths":[{"count":200,"labels":["talks","deal"],"share":1.0,"states":["talks","deal"],"truncated":false}],"precision":0.0,"precision_met":false,"scenario":{"as_of":"2026-01-01","file":"minimal.yaml","file_sha256":"909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5","horizon":10,"id":"minimal","overrides":["scenario.horizon=10"],"round_days":7.0,"round_label":"round","sha256":"6c6e55be6ce610c673ebf570e5384e7353f3c2d542a0611b9573fa2009b43e91","title":"Minimal"},"seed":4,"shocks":[],"shocks_note":"Association, not effect: the share of each outcome in branches where a shock happened against branches where it did not. Branches that last longer see more shocks, so a shock that often fires late looks linked to late outcomes. For the effect of a shock, run with --drivers (key \"drivers\").","threads":2,"timing":{"days":{"mean":35.0,"p10":35.0,"p25":35.0,"p5":35.0,"p50":35.0,"p75":35.0,"p90":35.0,"p95":35.0,"std_error":0.0},"resolved":200,"rounds":{"mean":5.0,"p10":5.0,"p25":5.0,"p5":5.0,"p50":5.0,"p75":5.0,"p90":5.0,"p95":5.0,"std_error":0.0},"unresolved_ci95":[0.0,0.018845326377266575],"unresolved_share":0.0},"wall_seconds":0.006948526}');
INSERT INTO runs VALUES(3,'compare','minimal.yaml','complete',NULL,'2026-12-02T00:14:59Z','0.1.0','minimal','minimal.yaml','909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5',replace('# yaml-language-server: $schema=../../../docs/scenario.schema.json\n# The least a scenario must say; everything else takes its default.\nscenario:\n  id: minimal\n  title: "Minimal"\n  as_of: 2026-01-01\n  horizon: 12\nissues:\n  - {id: share, kind: continuous, range: {low: 0, high: 1}}\nparties:\n  - id: a\n    role: principal\n    demands:\n      share: {ideal: 1}\n  - id: b\n    role: principal\n    demands:\n      share: {ideal: 0}\nprocess:\n  initial: talks\n  states:\n    - {id: talks, kind: bargaining}\n    - {id: deal, kind: terminal, outcome: agreement}\n  transitions:\n    - {from: talks, to: deal, on: accepted}\n','\n',char(10)),'[]','{}',20260123,200,0,0.01541127500000000032,0,NULL,'{"base":"minimal.yaml","branches":200,"comparisons":[{"base":"minimal.yaml","changed":0,"changes":[],"outcomes":[{"base_count":200,"base_probability":1.0,"difference":0.0,"gained":0,"id":"agreement","lost":0,"paired_ci95":[0.0,0.0],"paired_std_error":0.0,"unpaired_ci95":[0.0,0.0],"unpaired_std_error":0.0,"variant_count":200,"variant_probability":1.0},{"base_count":0,"base_probability":0.0,"difference":0.0,"gained":0,"id":"unresolved","lost":0,"paired_ci95":[0.0,0.0],"paired_std_error":0.0,"unpaired_ci95":[0.0,0.0],"unpaired_std_error":0.0,"variant_count":0,"variant_probability":0.0}],"pairs":200,"variant":"minimal.yaml --set scenario.horizon=8"}],"format":"negsim-compare","labels":{"agreement":"deal","unresolved":"Unresolved at the horizon"},"partial":false,"seed":20260123,"variants":["minimal.yaml --set scenario.horizon=8"]}');
INSERT INTO runs VALUES(4,'run','minimal.yaml','complete',3,'2026-12-02T00:14:59Z','0.1.0','minimal','minimal.yaml','909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5',replace('# yaml-language-server: $schema=../../../docs/scenario.schema.json\n# The least a scenario must say; everything else takes its default.\nscenario:\n  id: minimal\n  title: "Minimal"\n  as_of: 2026-01-01\n  horizon: 12\nissues:\n  - {id: share, kind: continuous, range: {low: 0, high: 1}}\nparties:\n  - id: a\n    role: principal\n    demands:\n      share: {ideal: 1}\n  - id: b\n    role: principal\n    demands:\n      share: {ideal: 0}\nprocess:\n  initial: talks\n  states:\n    - {id: talks, kind: bargaining}\n    - {id: deal, kind: terminal, outcome: agreement}\n  transitions:\n    - {from: talks, to: deal, on: accepted}\n','\n',char(10)),'[]','{}',20260123,200,2,0.0038150649999999998625,0,'ed1659576f94a23b4aa5242bd3e93ae15348bc74afe0baf0351eec54453ec5cb','{"branches":200,"date":"2026-12-02T00:14:59Z","engine_version":"0.1.0","format":"negsim-summary","format_version":2,"groups":[{"by_round":[{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-01","probability":0.0,"round":0},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-08","probability":0.0,"round":1},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-15","probability":0.0,"round":2},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-22","probability":0.0,"round":3},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-29","probability":0.0,"round":4},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-02-05","probability":0.0,"round":5},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-12","probability":1.0,"round":6},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-19","probability":1.0,"round":7},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-26","probability":1.0,"round":8},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-05","probability":1.0,"round":9},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-12","probability":1.0,"round":10},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-19","probability":1.0,"round":11},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-03-26","probability":1.0,"round":12}],"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":42.0,"p10":42.0,"p25":42.0,"p5":42.0,"p50":42.0,"p75":42.0,"p90":42.0,"p95":42.0,"std_error":0.0},"id":"text_accepted","label":"A text every principal accepted","probability":1.0,"rounds":{"mean":6.0,"p10":6.0,"p25":6.0,"p5":6.0,"p50":6.0,"p75":6.0,"p90":6.0,"p95":6.0,"std_error":0.0}}],"milestones":[],"outcomes":[{"agreed_count":200,"agreement":false,"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":42.0,"p10":42.0,"p25":42.0,"p5":42.0,"p50":42.0,"p75":42.0,"p90":42.0,"p95":42.0,"std_error":0.0},"id":"agreement","label":"deal","probability":1.0,"rounds":{"mean":6.0,"p10":6.0,"p25":6.0,"p5":6.0,"p50":6.0,"p75":6.0,"p90":6.0,"p95":6.0,"std_error":0.0},"std_error":0.0,"terms":[{"count":200,"issue":"share","kind":"continuous","label":"share","options":[],"unit":"","value":{"mean":0.5,"p10":0.5000000000000001,"p25":0.5000000000000001,"p5":0.5000000000000001,"p50":0.5000000000000001,"p75":0.5000000000000001,"p90":0.5000000000000001,"p95":0.5000000000000001,"std_error":0.0}}],"unresolved":false,"utility":[{"name":"a","party":"a","utility":{"mean":0.5,"p10":0.5000000000000001,"p25":0.5000000000000001,"p5":0.5000000000000001,"p50":0.5000000000000001,"p75":0.5000000000000001,"p90":0.5000000000000001,"p95":0.5000000000000001,"std_error":0.0}},{"name":"b","party":"b","utility":{"mean":0.5,"p10":0.4999999999999999,"p25":0.4999999999999999,"p5":0.4999999999999999,"p50":0.4999999999999999,"p75":0.4999999999999999,"p90":0.4999999999999999,"p95":0.4999999999999999,"std_error":0.0}}]},{"agreed_count":0,"agreement":false,"ci95":[0.0,0.018845326377266575],"count":0,"days":null,"id":"unresolved","label":"Unresolved at the horizon","probability":0.0,"rounds":null,"std_error":0.0,"terms":[],"unresolved":true,"utility":[]}],"partial":false,"paths":[{"count":200,"labels":["talks","deal"],"share":1.0,"states":["talks","deal"],"truncated":false}],"precision":0.0,"precision_met":false,"scenario":{"as_of":"2026-01-01","file":"minimal.yaml","horizon":12,"id":"minimal","round_days":7.0,"round_label":"round","sha256":"909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5","title":"Minimal"},"seed":20260123,"shocks":[],"shocks_note":"Association, not effect: the share of each outcome in branches where a shock happened against branches where it did not. Branches that last longer see more shocks, so a shock that often fires late looks linked to late outcomes. For the effect of a shock, run with --drivers (key \"drivers\").","threads":2,"timing":{"days":{"mean":42.0,"p10":42.0,"p25":42.0,"p5":42.0,"p50":42.0,"p75":42.0,"p90":42.0,"p95":42.0,"std_error":0.0},"resolved":200,"rounds":{"mean":6.0,"p10":6.0,"p25":6.0,"p5":6.0,"p50":6.0,"p75":6.0,"p90":6.0,"p95":6.0,"std_error":0.0},"unresolved_ci95":[0.0,0.018845326377266575],"unresolved_share":0.0},"wall_seconds":0.003815065}');
INSERT INTO runs VALUES(5,'run','minimal.yaml --set scenario.horizon=8','complete',3,'2026-12-02T00:14:59Z','0.1.0','minimal','minimal.yaml','c5635cc78b1e3a0c778c208a17fb1bf28c4071da5612d533136e1441671974f0',replace('scenario:\n  id: minimal\n  title: "Minimal"\n  as_of: 2026-01-01\n  horizon: 8\nissues:\n  - {id: share, kind: continuous, range: {low: 0, high: 1}}\nparties:\n  - id: a\n    role: principal\n    demands:\n      share: {ideal: 1}\n  - id: b\n    role: principal\n    demands:\n      share: {ideal: 0}\nprocess:\n  initial: talks\n  states:\n    - {id: talks, kind: bargaining}\n    - {id: deal, kind: terminal, outcome: agreement}\n  transitions:\n    - {from: talks, to: deal, on: accepted}\n','\n',char(10)),'["scenario.horizon=8"]','{}',20260123,200,2,0.0038150649999999998625,0,'f0305eb2fa416f65402d5d4cb395a87572119b8052585c7d6a4b901f30bd04a6','{"branches":200,"date":"2026-12-02T00:14:59Z","engine_version":"0.1.0","format":"negsim-summary","format_version":2,"groups":[{"by_round":[{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-01","probability":0.0,"round":0},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-08","probability":0.0,"round":1},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-15","probability":0.0,"round":2},{"ci95":[0.0,0.018845326377266575],"count":0,"date":"2026-01-22","probability":0.0,"round":3},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-01-29","probability":1.0,"round":4},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-05","probability":1.0,"round":5},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-12","probability":1.0,"round":6},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-19","probability":1.0,"round":7},{"ci95":[0.9811546736227335,1.0],"count":200,"date":"2026-02-26","probability":1.0,"round":8}],"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":28.0,"p10":28.0,"p25":28.0,"p5":28.0,"p50":28.0,"p75":28.0,"p90":28.0,"p95":28.0,"std_error":0.0},"id":"text_accepted","label":"A text every principal accepted","probability":1.0,"rounds":{"mean":4.0,"p10":4.0,"p25":4.0,"p5":4.0,"p50":4.0,"p75":4.0,"p90":4.0,"p95":4.0,"std_error":0.0}}],"milestones":[],"outcomes":[{"agreed_count":200,"agreement":false,"ci95":[0.9811546736227335,1.0],"count":200,"days":{"mean":28.0,"p10":28.0,"p25":28.0,"p5":28.0,"p50":28.0,"p75":28.0,"p90":28.0,"p95":28.0,"std_error":0.0},"id":"agreement","label":"deal","probability":1.0,"rounds":{"mean":4.0,"p10":4.0,"p25":4.0,"p5":4.0,"p50":4.0,"p75":4.0,"p90":4.0,"p95":4.0,"std_error":0.0},"std_error":0.0,"terms":[{"count":200,"issue":"share","kind":"continuous","label":"share","options":[],"unit":"","value":{"mean":0.5,"p10":0.5,"p25":0.5,"p5":0.5,"p50":0.5,"p75":0.5,"p90":0.5,"p95":0.5,"std_error":0.0}}],"unresolved":false,"utility":[{"name":"a","party":"a","utility":{"mean":0.5,"p10":0.5,"p25":0.5,"p5":0.5,"p50":0.5,"p75":0.5,"p90":0.5,"p95":0.5,"std_error":0.0}},{"name":"b","party":"b","utility":{"mean":0.5,"p10":0.5,"p25":0.5,"p5":0.5,"p50":0.5,"p75":0.5,"p90":0.5,"p95":0.5,"std_error":0.0}}]},{"agreed_count":0,"agreement":false,"ci95":[0.0,0.018845326377266575],"count":0,"days":null,"id":"unresolved","label":"Unresolved at the horizon","probability":0.0,"rounds":null,"std_error":0.0,"terms":[],"unresolved":true,"utility":[]}],"partial":false,"paths":[{"count":200,"labels":["talks","deal"],"share":1.0,"states":["talks","deal"],"truncated":false}],"precision":0.0,"precision_met":false,"scenario":{"as_of":"2026-01-01","file":"minimal.yaml","file_sha256":"909ae98c166428d99f1aac313d39de8c3ee9652fbc73be2e8b410669402e53d5","horizon":8,"id":"minimal","overrides":["scenario.horizon=8"],"round_days":7.0,"round_label":"round","sha256":"c5635cc78b1e3a0c778c208a17fb1bf28c4071da5612d533136e1441671974f0","title":"Minimal"},"seed":20260123,"shocks":[],"shocks_note":"Association, not effect: the share of each outcome in branches where a shock happened against branches where it did not. Branches that last longer see more shocks, so a shock that often fires late looks linked to late outcomes. For the effect of a shock, run with --drivers (key \"drivers\").","threads":2,"timing":{"days":{"mean":28.0,"p10":28.0,"p25":28.0,"p5":28.0,"p50":28.0,"p75":28.0,"p90":28.0,"p95":28.0,"std_error":0.0},"resolved":200,"rounds":{"mean":4.0,"p10":4.0,"p25":4.0,"p5":4.0,"p50":4.0,"p75":4.0,"p90":4.0,"p95":4.0,"std_error":0.0},"unresolved_ci95":[0.0,0.018845326377266575],"unresolved_share":0.0},"wall_seconds":0.003815065}');
CREATE TABLE outcomes (
  run_id      INTEGER NOT NULL REFERENCES runs(id),
  position    INTEGER NOT NULL,
  outcome     TEXT NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  count       INTEGER NOT NULL,
  probability REAL NOT NULL,
  ci_low      REAL NOT NULL,
  ci_high     REAL NOT NULL,
  PRIMARY KEY (run_id, position)
);
INSERT INTO outcomes VALUES(1,0,'agreement','deal',200,1.0,0.98115467362273345308,1.0);
INSERT INTO outcomes VALUES(1,1,'unresolved','Unresolved at the horizon',0,0.0,0.0,0.018845326377266574668);
INSERT INTO outcomes VALUES(2,0,'agreement','deal',200,1.0,0.98115467362273345308,1.0);
INSERT INTO outcomes VALUES(2,1,'unresolved','Unresolved at the horizon',0,0.0,0.0,0.018845326377266574668);
INSERT INTO outcomes VALUES(4,0,'agreement','deal',200,1.0,0.98115467362273345308,1.0);
INSERT INTO outcomes VALUES(4,1,'unresolved','Unresolved at the horizon',0,0.0,0.0,0.018845326377266574668);
INSERT INTO outcomes VALUES(5,0,'agreement','deal',200,1.0,0.98115467362273345308,1.0);
INSERT INTO outcomes VALUES(5,1,'unresolved','Unresolved at the horizon',0,0.0,0.0,0.018845326377266574668);
CREATE TABLE members (
  group_id INTEGER NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  run_id   INTEGER REFERENCES runs(id),
  error    TEXT,
  PRIMARY KEY (group_id, position),
  CHECK ((run_id IS NULL) <> (error IS NULL))
);
INSERT INTO members VALUES(3,0,'minimal.yaml',4,NULL);
INSERT INTO members VALUES(3,1,'minimal.yaml --set scenario.horizon=8',5,NULL);
CREATE TABLE sweep_points (
  sweep_id    INTEGER NOT NULL REFERENCES runs(id),
  position    INTEGER NOT NULL,
  key1        TEXT NOT NULL,
  value1      REAL NOT NULL,
  key2        TEXT,
  value2      REAL,
  most_likely TEXT,
  error       TEXT,
  PRIMARY KEY (sweep_id, position)
);
CREATE TABLE sweep_tipping_points (
  sweep_id     INTEGER NOT NULL REFERENCES runs(id),
  position     INTEGER NOT NULL,
  key          TEXT NOT NULL,
  other_key    TEXT,
  other_value  REAL,
  before_value REAL NOT NULL,
  after_value  REAL NOT NULL,
  at_value     REAL NOT NULL,
  from_outcome TEXT NOT NULL,
  to_outcome   TEXT NOT NULL,
  PRIMARY KEY (sweep_id, position)
);
CREATE TABLE compare_outcomes (
  compare_id          INTEGER NOT NULL REFERENCES runs(id),
  variant_position    INTEGER NOT NULL,
  outcome             TEXT NOT NULL,
  base_probability    REAL NOT NULL,
  variant_probability REAL NOT NULL,
  difference          REAL NOT NULL,
  paired_low          REAL NOT NULL,
  paired_high         REAL NOT NULL,
  unpaired_low        REAL NOT NULL,
  unpaired_high       REAL NOT NULL,
  gained              INTEGER NOT NULL,
  lost                INTEGER NOT NULL,
  PRIMARY KEY (compare_id, variant_position, outcome)
);
INSERT INTO compare_outcomes VALUES(3,1,'agreement',1.0,1.0,0.0,0.0,0.0,0.0,0.0,0,0);
INSERT INTO compare_outcomes VALUES(3,1,'unresolved',0.0,0.0,0.0,0.0,0.0,0.0,0.0,0,0);
CREATE TABLE compare_changes (
  compare_id       INTEGER NOT NULL REFERENCES runs(id),
  variant_position INTEGER NOT NULL,
  from_outcome     TEXT NOT NULL,
  to_outcome       TEXT NOT NULL,
  count            INTEGER NOT NULL,
  PRIMARY KEY (compare_id, variant_position, from_outcome, to_outcome)
);
CREATE TABLE sensitivity_tornado (
  sensitivity_id   INTEGER NOT NULL REFERENCES runs(id),
  position         INTEGER NOT NULL,
  input            TEXT NOT NULL,
  low_value        REAL NOT NULL,
  high_value       REAL NOT NULL,
  low_probability  REAL NOT NULL,
  high_probability REAL NOT NULL,
  swing            REAL NOT NULL,
  swing_low        REAL NOT NULL,
  swing_high       REAL NOT NULL,
  PRIMARY KEY (sensitivity_id, position)
);
CREATE TABLE sensitivity_indices (
  sensitivity_id   INTEGER NOT NULL REFERENCES runs(id),
  position         INTEGER NOT NULL,
  factor           TEXT NOT NULL,
  first_order      REAL NOT NULL,
  first_order_low  REAL NOT NULL,
  first_order_high REAL NOT NULL,
  total            REAL NOT NULL,
  total_low        REAL NOT NULL,
  total_high       REAL NOT NULL,
  PRIMARY KEY (sensitivity_id, position)
);
CREATE INDEX runs_by_cache_key ON runs(cache_key) WHERE cache_key IS NOT NULL;
CREATE INDEX runs_by_parent ON runs(parent_id);
COMMIT;
