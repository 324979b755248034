// Written from the Rust types of plimsoll_report::editor; do not edit by hand:
// PLIMSOLL_UPDATE_TYPES=1 cargo test -p plimsoll-wasm --test typescript

/** How serious a finding is. */
export type Severity = "error" | "warning" | "info";

/** A point in the source. */
export interface Location {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units (JavaScript string indices). */
  column: number;
  /** 0-based offset into the source, in UTF-16 code units: `source.slice(start.offset, end.offset)`. */
  offset: number;
}

/** A half-open range of the source. */
export interface Range {
  start: Location;
  end: Location;
}

/** A secondary range that explains a finding ("first defined here"). */
export interface Label {
  message: string;
  range: Range;
}

/** One replacement of a range. */
export interface Edit {
  range: Range;
  replacement: string;
}

/** A suggested change; `unsafe` fixes change behaviour and need review. */
export interface Fix {
  message: string;
  applicability: "safe" | "unsafe";
  edits: Edit[];
}

/** One finding. */
export interface Finding {
  /** Stable rule code, e.g. `ECS001`. */
  code: string;
  /** Kebab-case rule name, e.g. `deployment-deadlock`. */
  rule: string;
  severity: Severity;
  message: string;
  /** JSON pointer of the node the finding is about, e.g. `/Resources/Api/Properties`. */
  path: string;
  /**
   * The AWS CDK construct path of the resource the finding is on, in a synthesized
   * template (`WebStack/Web/Service/Service`).
   */
  cdkPath?: string;
  range: Range;
  help?: string;
  labels?: Label[];
  fix?: Fix;
}

/** One template parameter. */
export interface Parameter {
  name: string;
  type?: string;
  default?: string;
  allowedValues?: string[];
  description?: string;
  noEcho: boolean;
  /** Where the parameter's name is declared. */
  range: Range;
}

/** Findings counted by severity. */
export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Running tasks after one change of a rolling deployment. */
export interface Step {
  /** Tasks of the old task definition still running. */
  old: number;
  /** Tasks of the new task definition running and healthy. */
  new: number;
}

/** How a rolling deployment ends. */
export type Outcome =
  | "completes"
  | "deadlock"
  | "downtime"
  | "noTasks"
  | "notRolling"
  | "invalid"
  | "unknown";

/** How ECS places a service's tasks. */
export type Scheduling = "replica" | "daemon";

/** One ECS service's rolling deployment, simulated step by step. */
export interface Service {
  /** The service's logical id. */
  name: string;
  /** Where the service is declared (its logical id). */
  range: Range;
  scheduling?: Scheduling;
  /** N (DesiredCount), when the template decides it. */
  desiredCount?: number;
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  /** Fewest tasks ECS keeps running and healthy: ceil(N × min / 100). */
  minTasks?: number;
  /** Most tasks ECS runs at once: floor(N × max / 100). */
  maxTasks?: number;
  /** From N old tasks to the end, one entry per change; empty when N is unknown. */
  steps: Step[];
  outcome: Outcome;
  /** The step at which no task runs, for a downtime. */
  downtimeStep?: number;
  /** The parameter values that decided the plan ("with the parameter default X=1"). */
  provenance?: string;
  /**
   * Parameters without a value that the count or the percentages refer to, when the
   * plan is unknown: giving them values decides it.
   */
  parametersWithoutValue?: string[];
}

/** What `lint` returns: the result of linting one template. */
export interface LintResult {
  /** Sorted by position. */
  findings: Finding[];
  parameters: Parameter[];
  /** The rolling deployment of every ECS service. */
  services: Service[];
  counts: Counts;
}
