/** Invalid cloud configuration: every problem at once, each naming the variable and the rule. */

/** Thrown by {@link loadCloudConfig}; `problems` are `VARIABLE: rule` lines, never values. */
export class CloudConfigError extends Error {
  override readonly name = 'CloudConfigError' as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid Tencent Cloud configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.problems = problems;
  }
}
