package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"jixiao/internal/termsafe"
	"jixiao/persist"
	"jixiao/serve"
)

func init() {
	register(command{name: "serve", order: 60, summary: "通过 SSH 为多人提供填报界面（公钥登录、按单位授权、审计记录）", run: runServe})
	register(command{name: "users", order: 61, summary: "管理 serve 的单位授权：users grant/revoke 用户 单位名称，users list", run: runUsers})
	register(command{name: "audit", order: 62, summary: "显示一份填报的审计记录（谁、何时、改了哪些字段）", run: runAudit})
}

const serveUsage = `用法：jixiao serve --authorized-keys 文件 [--listen 地址] [--db 路径] [选项]

通过 SSH 提供填报界面：每个连接得到自己的界面，按终端大小显示，
NO_COLOR 等环境变量由客户端决定（ssh -o SetEnv=NO_COLOR=1）。
只接受公钥登录；密码、键盘交互和无认证登录一律拒绝。

选项：
  --listen 地址          监听地址（默认 127.0.0.1:2222）
  --authorized-keys 文件 OpenSSH authorized_keys 格式；每个公钥的注释即用户名（必填）。
                         文件修改后下次登录即生效；也可发送 SIGHUP 重新载入
  --host-key 文件        主机密钥（默认在数据目录中：~/.local/share/jixiao/ssh_host_ed25519，
                         首次启动时生成，权限 0600，以后保持不变）
  --admin 用户名         管理员（默认为授权密钥文件中第一个公钥的用户），可查看全部填报
  --max-sessions 数量    同时在线的会话上限（默认 50）
  --idle-timeout 时长    无输入多久后保存并断开（默认 30m；0 表示不限制）
  --max-session 时长     单个会话最长多久，到时保存并断开（默认 8h；0 表示不限制）

时长写法：90s、30m、8h。收到 SIGTERM 或 SIGINT 时，先保存所有打开的草稿再退出。
普通用户只能看到授权给他的单位的填报：jixiao users grant 用户 单位名称。
` + dbHelp

func runServe(e *env, args []string) int {
	fs := newFlagSet(e, "serve", serveUsage)
	listen := fs.String("listen", serve.DefaultListen, "")
	keys := fs.String("authorized-keys", "", "")
	hostKey := fs.String("host-key", "", "")
	admin := fs.String("admin", "", "")
	maxSessions := fs.Int("max-sessions", serve.DefaultMaxSessions, "")
	idle := fs.Duration("idle-timeout", serve.DefaultIdleTimeout, "")
	maxSession := fs.Duration("max-session", serve.DefaultMaxSession, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return e.fail("serve", exitUsage, "不需要位置参数“%s”。运行 jixiao serve --help 查看用法。", pos[0])
	}
	if *keys == "" {
		return e.fail("serve", exitUsage, "需要 --authorized-keys 文件（OpenSSH authorized_keys 格式，注释为用户名）。")
	}
	if *maxSessions < 1 {
		return e.fail("serve", exitUsage, "--max-sessions 至少为 1。")
	}
	if *idle < 0 || *maxSession < 0 {
		return e.fail("serve", exitUsage, "时长不能为负数。")
	}
	never := func(d time.Duration) time.Duration {
		if d == 0 {
			return -1
		}
		return d
	}
	path, err := storePath(e)
	if err != nil {
		return e.fail("serve", exitFindings, "%v", err)
	}
	srv, err := serve.New(serve.Config{
		DBPath: path, AuthorizedKeys: *keys, HostKey: *hostKey, Admin: *admin,
		MaxSessions: *maxSessions, IdleTimeout: never(*idle), MaxSession: never(*maxSession),
		Log: e.stderr,
	})
	if err != nil {
		return e.fail("serve", storeExitCode(err), "%v", err)
	}
	for _, w := range srv.Backend().Warnings() {
		fmt.Fprintf(e.stderr, "jixiao serve：警告：%s\n", w)
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return e.fail("serve", exitFindings, "无法监听 %s：%v", *listen, err)
	}
	if srv.HostKeyCreated() {
		fmt.Fprintf(e.stderr, "jixiao serve：已生成主机密钥 %s\n", srv.HostKeyPath())
	}
	fmt.Fprintf(e.stderr, "jixiao serve：正在监听 %s（数据库 %s，主机密钥指纹 %s，%d 个授权密钥，管理员 %s）\n",
		l.Addr(), path, srv.HostKeyFingerprint(), srv.Keys(), srv.Admin())

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	for {
		select {
		case err := <-served:
			if err != nil {
				return e.fail("serve", exitFindings, "%v", err)
			}
			return exitOK
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				if err := srv.Reload(); err != nil {
					fmt.Fprintf(e.stderr, "jixiao serve：重新载入授权密钥失败：%v\n", err)
				}
				continue
			}
			fmt.Fprintf(e.stderr, "jixiao serve：收到 %v，正在保存 %d 个会话的草稿并退出…\n", sig, srv.Sessions())
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			err := srv.Shutdown(ctx)
			cancel()
			if err != nil {
				fmt.Fprintf(e.stderr, "jixiao serve：%v\n", err)
				return exitFindings
			}
			fmt.Fprintln(e.stderr, "jixiao serve：已退出。")
			return exitOK
		}
	}
}

const usersUsage = `用法：
  jixiao users grant 用户 单位名称     允许用户查看和编辑该单位的填报
  jixiao users revoke 用户 单位名称    撤销授权
  jixiao users list [--json]            列出全部授权

用户名是 authorized_keys 中公钥的注释；单位名称须与填报中的“预算单位名称”完全一致
（jixiao list 可查看）。管理员（authorized_keys 中第一个公钥，或 serve --admin）
可以看到全部填报，不需要授权。授权保存在数据库中，对正在运行的 serve 立即生效。
` + dbHelp

func runUsers(e *env, args []string) int {
	fs := newFlagSet(e, "users", usersUsage)
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return e.fail("users", exitUsage, "需要子命令 grant、revoke 或 list。运行 jixiao users --help 查看用法。")
	}
	switch pos[0] {
	case "grant", "revoke":
		if len(pos) != 3 || strings.TrimSpace(pos[1]) == "" || strings.TrimSpace(pos[2]) == "" {
			return e.fail("users", exitUsage, "用法：jixiao users %s 用户 单位名称", pos[0])
		}
		s, code, ok := openOrFail(e, "users", true)
		if !ok {
			return code
		}
		user, unit := strings.TrimSpace(pos[1]), strings.TrimSpace(pos[2])
		if pos[0] == "grant" {
			if err := s.Grant(user, unit); err != nil {
				return e.fail("users", storeExitCode(err), "%v", err)
			}
			fmt.Fprintf(e.stdout, "已授权：%s 可以查看和编辑“%s”的填报。\n", termsafe.String(user), termsafe.String(unit))
			if !unitExists(s, unit) {
				fmt.Fprintf(e.stderr, "jixiao users：提示：数据库中还没有单位“%s”的填报（单位名称须与填报完全一致）。\n", termsafe.String(unit))
			}
			return exitOK
		}
		had, err := s.Revoke(user, unit)
		if err != nil {
			return e.fail("users", storeExitCode(err), "%v", err)
		}
		if !had {
			return e.fail("users", exitUsage, "%s 没有“%s”的授权，无需撤销。", termsafe.String(user), termsafe.String(unit))
		}
		fmt.Fprintf(e.stdout, "已撤销：%s 不再能查看“%s”的填报（已打开的会话在下次读取或保存时生效）。\n", termsafe.String(user), termsafe.String(unit))
		return exitOK
	case "list":
		if len(pos) != 1 {
			return e.fail("users", exitUsage, "users list 不需要参数。")
		}
		s, code, ok := openOrFail(e, "users", false)
		if !ok {
			var nodb *errNoDatabase
			if _, err := openStore(e, false); errors.As(err, &nodb) {
				fmt.Fprintln(e.stdout, "还没有任何授权。")
				return exitOK
			}
			return code
		}
		all, err := s.AllGrants()
		if err != nil {
			return e.fail("users", storeExitCode(err), "%v", err)
		}
		if *asJSON {
			if all == nil {
				all = map[string][]string{}
			}
			return writeJSON(e, "users", all)
		}
		if len(all) == 0 {
			fmt.Fprintln(e.stdout, "还没有任何授权。用 jixiao users grant 用户 单位名称 授权。")
			return exitOK
		}
		users := make([]string, 0, len(all))
		for u := range all {
			users = append(users, u)
		}
		sort.Strings(users)
		rows := [][]string{{"用户", "授权单位"}}
		for _, u := range users {
			rows = append(rows, []string{u, strings.Join(all[u], "、")})
		}
		writeTable(e.stdout, rows)
		return exitOK
	}
	return e.fail("users", exitUsage, "未知子命令“%s”；可用 grant、revoke、list。", pos[0])
}

// unitExists reports whether some filing has that unit.
func unitExists(s *persist.Store, unit string) bool {
	ms, err := s.List()
	if err != nil {
		return true // do not warn when we cannot tell
	}
	for _, m := range ms {
		if m.Unit == unit {
			return true
		}
	}
	return false
}

const auditUsage = `用法：jixiao audit 编号 [--json]

显示一份填报的审计记录：每次保存的时间、用户、版本，以及改动的字段（原值 → 新值）。
每次修改（新建、保存、自动保存、导入、恢复、删除、命名版本）都与修改本身在同一事务中
记录，无论来自 jixiao serve、本地界面还是命令行（命令行记录操作系统用户名）。

选项：
  --json   以 JSON 输出
` + dbHelp

func runAudit(e *env, args []string) int {
	fs := newFlagSet(e, "audit", auditUsage)
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("audit", exitUsage, "需要且只需要一个编号。运行 jixiao audit --help 查看用法。")
	}
	s, code, ok := openOrFail(e, "audit", false)
	if !ok {
		return code
	}
	trail, err := s.Audit(pos[0])
	if err != nil {
		return e.fail("audit", storeExitCode(err), "%v", err)
	}
	if *asJSON {
		if trail == nil {
			trail = []persist.AuditEntry{}
		}
		return writeJSON(e, "audit", trail)
	}
	if len(trail) == 0 {
		fmt.Fprintf(e.stdout, "填报 %s 还没有审计记录（旧版 jixiao 只在 serve 中记录）。\n", termsafe.String(pos[0]))
		return exitOK
	}
	fmt.Fprintf(e.stdout, "填报 %s 的审计记录（%d 条，按时间先后）：\n", trail[0].Filing, len(trail))
	for _, a := range trail {
		fmt.Fprintln(e.stdout)
		head := fmt.Sprintf("%s  %s  %s", a.Time.Format("2006-01-02 15:04:05"), a.User, a.Action)
		if a.Rev > 0 {
			head += fmt.Sprintf("（版本 %d）", a.Rev)
		}
		if a.Note != "" {
			head += "  " + a.Note
		}
		fmt.Fprintln(e.stdout, termsafe.String(head))
		for _, c := range a.Changes {
			label := c.Label
			if label == "" {
				label = c.Path
			}
			fmt.Fprintf(e.stdout, "  %s：%s → %s\n", termsafe.String(label), auditValue(c.Old), auditValue(c.New))
		}
		if a.Omitted > 0 {
			fmt.Fprintf(e.stdout, "  ……另有 %d 处改动未列出\n", a.Omitted)
		}
	}
	return exitOK
}

// auditValue shows a value on one line, "（空）" for blank.
func auditValue(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（空）"
	}
	s = strings.ReplaceAll(s, "\n", "⏎")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return "“" + termsafe.String(s) + "”"
}
