// lib/template/scripts/home-group.sh run for real (as root, in a private mount namespace where a directory bind-mounted onto
// itself stands for the home volume): each root kubelet may leave becomes group 1000 mode 2775, in one line; a right
// root and a directory that is not a mount are left alone.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireOrSkip } from "../dind/environment";

const SCRIPT = path.join(__dirname, "..", "..", "lib", "template", "scripts", "home-group.sh");
const skip = requireOrSkip("home-group (root: chgrp, chmod, mount)", process.getuid?.() === 0 ? undefined : "they need root");

(skip ? describe.skip : describe)("home-group.sh", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "devpod-home-group-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A fresh home root owned 0:`gid` with `mode`; runs the script on it (mounted unless `mounted` is false). */
  function run(gid: number, mode: number, mounted = true) {
    const home = fs.mkdtempSync(path.join(dir, "home-"));
    fs.chownSync(home, 0, gid);
    fs.chmodSync(home, mode); // chmod after chown: chown clears setgid
    // unshare --mount makes every mount private (its --propagation default): the bind stays in the namespace.
    const command = mounted ? ["sh", "-c", `mount --bind '${home}' '${home}' && exec sh '${SCRIPT}'`] : ["sh", SCRIPT];
    const r = spawnSync("unshare", ["--mount", ...command], {
      encoding: "utf8",
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", DEVPOD_HOME_GID: "1000", DEVPOD_HOME_PATH: home },
    });
    const stat = fs.statSync(home);
    return { home, status: r.status, lines: r.stderr.split("\n").filter(Boolean), gid: stat.gid, mode: (stat.mode & 0o7777).toString(8) };
  }
  const fixed = (home: string, was: string) =>
    `devpod-home: ${home} was ${was} (no fsGroup applied: kubelet before 1.32 skips ReadWriteOncePod volumes); now group 1000, mode 2775 (setgid, group rwx)`;

  it.each<[string, number, number, string]>([
    ["the right group and setgid, but the group may not write (1000 2755)", 1000, 0o2755, "group 1000 mode 2755"],
    ["the right group and setgid, but the group may not enter (1000 2765)", 1000, 0o2765, "group 1000 mode 2765"],
    ["the right group, group rwx, but no setgid (1000 0775)", 1000, 0o775, "group 1000 mode 775"],
    ["setgid and group rwx, but root's group (0 2775)", 0, 0o2775, "group 0 mode 2775"],
    ["what kubelet leaves without fsGroup (0 0755)", 0, 0o755, "group 0 mode 755"],
  ])("%s becomes group 1000 mode 2775, said in one line", (_, gid, mode, was) => {
    const r = run(gid, mode);
    expect(r.status).toBe(0);
    expect([r.gid, r.mode]).toEqual([1000, "2775"]);
    expect(r.lines).toEqual([fixed(r.home, was)]);
  });

  it("a right root (1000 2775, and 2770: the group digit and setgid are what counts) is left alone, without a word", () => {
    for (const mode of [0o2775, 0o2770]) {
      const r = run(1000, mode);
      expect(r.status).toBe(0);
      expect([r.gid, r.mode]).toEqual([1000, mode.toString(8)]);
      expect(r.lines).toEqual([]);
    }
  });

  it("a DEVPOD_HOME_PATH that is not a mount point is left as it is, with its one line", () => {
    const r = run(0, 0o755, false);
    expect(r.status).toBe(0);
    expect([r.gid, r.mode]).toEqual([0, "755"]);
    expect(r.lines).toEqual([`devpod-home: ${r.home} is not a mount point in this container; the home volume root is left as it is`]);
  });
});
