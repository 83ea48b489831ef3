/**
 * The template's settings in Coder (cdktf.json → context.devpod.platform.template), owned by the platform stack.
 *
 * coderd v0.0.23 gives each of these attributes a static default, reads the server's value and sends an update when
 * they differ (internal/provider/template_resource.go: `Default: ...StaticInt64(0)`, `EqualTemplateMetadata`): an
 * attribute the stack left out would be reset to that default at every deploy, whatever an admin set in the UI. So
 * the stack sets every one of them, with Coder's own defaults unless configured, and a setting an admin should own is
 * listed in `managedInUi`: the stack then leaves it out and Terraform ignores its changes (`lifecycle.ignore_changes`).
 * Settings without a static default (`max_port_share_level`, `cors_behavior`, `use_classic_parameter_flow`) keep
 * the server's value (UseStateForUnknown) and are not managed; `acl` unset means the provider leaves access alone.
 */
import { invalidConfigValue } from "./errors";
import { Raw, bool, int, section, str } from "./config-fields";

/** Coder's week days, in its order (codersdk.WeekdaysToBitmap). */
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Coder's minimum for a non-zero failure or dormancy TTL: one minute (coderd/templates.go, `minTTL`). */
export const MIN_TTL_MS = 60_000;
/** Coder's maximum of `auto_stop_requirement.weeks` (coderd/schedule, MaxTemplateAutostopRequirementWeeks). */
export const MAX_AUTOSTOP_WEEKS = 16;

/** Restarts required on a schedule (Enterprise). */
export interface AutoStopRequirement {
  /** Days on which a restart is required, within each user's quiet hours; none: not required. @default [] */
  readonly daysOfWeek: readonly Weekday[];
  /** Weeks between required restarts, 1 to 16. @default 1 */
  readonly weeks: number;
}

/** The template's settings, named as coderd_template's attributes (camelCase). */
export interface TemplateSettings {
  /** Shown in the dashboard. @default "Kubernetes with Docker (devpod)" */
  readonly displayName: string;
  /** Shown in the dashboard; at most 127 characters. @default - the README's description, shortened */
  readonly description: string;
  /** A path on the Coder server (`/icon/...`) or an http(s) URL; "" for none. @default "/icon/k8s.png" */
  readonly icon: string;
  /** Workspaces stop after this long, in ms; 0: never. @default 0 */
  readonly defaultTtlMs: number;
  /** Activity extends a workspace's deadline by this long, in ms. @default 3600000 */
  readonly activityBumpMs: number;
  /** Required restarts (Enterprise). @default { daysOfWeek: [], weeks: 1 } */
  readonly autoStopRequirement: AutoStopRequirement;
  /** Days on which autostart may happen (Enterprise). @default - all seven */
  readonly autoStartPermittedDaysOfWeek: readonly Weekday[];
  /** Users may set autostart (Enterprise). @default true */
  readonly allowUserAutoStart: boolean;
  /** Users may set autostop (Enterprise). @default true */
  readonly allowUserAutoStop: boolean;
  /** Users may cancel running workspace builds. @default true */
  readonly allowUserCancelWorkspaceJobs: boolean;
  /** Failed workspaces are stopped after this long, in ms; 0: never, else at least a minute (Enterprise). @default 0 */
  readonly failureTtlMs: number;
  /** Inactive workspaces turn dormant after this long, in ms; 0: never, else at least a minute (Enterprise). @default 0 */
  readonly timeTilDormantMs: number;
  /** Dormant workspaces are deleted after this long, in ms; 0: never, else at least a minute (Enterprise). @default 0 */
  readonly timeTilDormantAutodeleteMs: number;
  /** Workspaces must run the active version (Enterprise). @default false */
  readonly requireActiveVersion: boolean;
  /**
   * Non-empty: the template is deprecated with this message and no new workspaces start from it (Enterprise: an
   * unlicensed coderd ignores it, and the provider does not check the licence for it). @default ""
   */
  readonly deprecationMessage: string;
}

/** A template setting's name. */
export type TemplateSettingName = keyof TemplateSettings;

/** platform.template: the settings, and those left to Coder's UI. */
export interface PlatformTemplateConfig extends TemplateSettings {
  /** Settings an admin owns in Coder's UI: the stack leaves them out and ignores their changes. @default [] */
  readonly managedInUi: readonly TemplateSettingName[];
}

/** Coder's own defaults (coderd v0.0.23's static defaults), except the name, text and icon, which are devpod's. */
export const TEMPLATE_SETTING_DEFAULTS: TemplateSettings = {
  displayName: "Kubernetes with Docker (devpod)",
  description: "Kubernetes workspaces with a persistent Longhorn home and a Docker-in-Docker sidecar whose data lives on that volume",
  // The README's front matter (Coder's registry format).
  icon: "/icon/k8s.png",
  defaultTtlMs: 0,
  activityBumpMs: 3_600_000,
  autoStopRequirement: { daysOfWeek: [], weeks: 1 },
  autoStartPermittedDaysOfWeek: [...WEEKDAYS],
  allowUserAutoStart: true,
  allowUserAutoStop: true,
  allowUserCancelWorkspaceJobs: true,
  failureTtlMs: 0,
  timeTilDormantMs: 0,
  timeTilDormantAutodeleteMs: 0,
  requireActiveVersion: false,
  deprecationMessage: "",
};

/** Every setting's name, in the order above. */
export const TEMPLATE_SETTING_NAMES = Object.keys(TEMPLATE_SETTING_DEFAULTS) as TemplateSettingName[];

/** The coderd_template attribute of a setting: `allowUserAutoStart` → `allow_user_auto_start`. */
export const templateAttribute = (name: TemplateSettingName): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const PREFIX = "platform.template";
// codersdk.DisplayName: at most 64 characters, no leading or trailing space.
const DISPLAY_NAME_RE = /^[^\s](.*[^\s])?$/;
// A server path or an http(s) URL, no spaces or quotes; or nothing.
const ICON_RE = /^((\/|https?:\/\/)[^\s"'`]*)?$/;
const ANY_TEXT_RE = /^[^\n]*$/;

/** Merges `raw` (context.devpod.platform.template, may be undefined) over the defaults and validates it. */
export function resolveTemplateSettings(raw: unknown): PlatformTemplateConfig {
  const input = section(raw, PREFIX, [...TEMPLATE_SETTING_NAMES, "managedInUi"]);
  const d = TEMPLATE_SETTING_DEFAULTS;
  const key = (name: string) => `${PREFIX}.${name}`;
  const stopIn = section(input.autoStopRequirement, key("autoStopRequirement"), ["daysOfWeek", "weeks"]);
  const settings: TemplateSettings = {
    displayName: str(input, key("displayName"), d.displayName, DISPLAY_NAME_RE, "at most 64 characters without leading or trailing spaces (Coder's rule)", `e.g. ${d.displayName}`, 64),
    description: str(input, key("description"), d.description, ANY_TEXT_RE, "one line of at most 127 characters (Coder's rule)", "shorten it", 127),
    icon: str(input, key("icon"), d.icon, ICON_RE, "a path on the Coder server (/icon/...), an http(s) URL, or \"\"", `use e.g. ${d.icon}`, 2048),
    defaultTtlMs: int(input, key("defaultTtlMs"), d.defaultTtlMs, 0, Number.MAX_SAFE_INTEGER),
    activityBumpMs: int(input, key("activityBumpMs"), d.activityBumpMs, 0, Number.MAX_SAFE_INTEGER),
    autoStopRequirement: {
      daysOfWeek: days(stopIn, key("autoStopRequirement.daysOfWeek"), d.autoStopRequirement.daysOfWeek),
      weeks: int(stopIn, key("autoStopRequirement.weeks"), d.autoStopRequirement.weeks, 1, MAX_AUTOSTOP_WEEKS),
    },
    autoStartPermittedDaysOfWeek: days(input, key("autoStartPermittedDaysOfWeek"), d.autoStartPermittedDaysOfWeek),
    allowUserAutoStart: bool(input, key("allowUserAutoStart"), d.allowUserAutoStart),
    allowUserAutoStop: bool(input, key("allowUserAutoStop"), d.allowUserAutoStop),
    allowUserCancelWorkspaceJobs: bool(input, key("allowUserCancelWorkspaceJobs"), d.allowUserCancelWorkspaceJobs),
    failureTtlMs: ttl(input, key("failureTtlMs")),
    timeTilDormantMs: ttl(input, key("timeTilDormantMs")),
    timeTilDormantAutodeleteMs: ttl(input, key("timeTilDormantAutodeleteMs")),
    requireActiveVersion: bool(input, key("requireActiveVersion"), d.requireActiveVersion),
    deprecationMessage: str(input, key("deprecationMessage"), d.deprecationMessage, ANY_TEXT_RE, "one line of text", 'use "" for a template in use', 1024),
  };
  const managedInUi = uiOwned(input);
  return { ...settings, managedInUi };
}

/** A set of week days: known names, each once. */
function days(input: Raw, key: string, fallback: readonly Weekday[]): Weekday[] {
  const value = input[key.split(".").pop() as string] ?? fallback;
  const ok = Array.isArray(value) && value.every((v) => (WEEKDAYS as readonly unknown[]).includes(v)) && new Set(value).size === value.length;
  if (!ok) throw invalidConfigValue(key, value, `must be a list of distinct days out of ${WEEKDAYS.join(", ")}`, 'use e.g. ["saturday", "sunday"], or [] for none');
  return [...(value as Weekday[])];
}

/** 0 (off) or at least Coder's one minute. */
function ttl(input: Raw, key: string): number {
  const value = int(input, key, 0, 0, Number.MAX_SAFE_INTEGER);
  if (value > 0 && value < MIN_TTL_MS) {
    throw invalidConfigValue(key, value, `must be 0 (off) or at least ${MIN_TTL_MS} ms (one minute, Coder's minimum)`, `use 0 or e.g. ${7 * 24 * 3_600_000} (7 days)`);
  }
  return value;
}

/** managedInUi: known setting names, each once, none of them also set here. */
function uiOwned(input: Raw): TemplateSettingName[] {
  const k = `${PREFIX}.managedInUi`;
  const value = input.managedInUi ?? [];
  if (!Array.isArray(value) || new Set(value).size !== value.length) {
    throw invalidConfigValue(k, value, "must be a list of distinct setting names", 'use e.g. ["defaultTtlMs", "icon"]');
  }
  for (const name of value) {
    if (!(TEMPLATE_SETTING_NAMES as unknown[]).includes(name)) {
      throw invalidConfigValue(k, value, `names ${JSON.stringify(name)}, which is not a template setting`, `use names out of ${TEMPLATE_SETTING_NAMES.join(", ")}`);
    }
    if (input[name] !== undefined) {
      throw invalidConfigValue(k, value, `lists ${name}, which ${PREFIX}.${name} also sets: a setting is owned by the stack or by the UI, not both`, `remove ${PREFIX}.${name} or take it out of managedInUi`);
    }
  }
  return value as TemplateSettingName[];
}
