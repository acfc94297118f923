package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"jixiao/internal/termsafe"
	"jixiao/persist"
)

var cmdUsers = &command{name: "users", summary: "管理 serve 的单位授权：users grant/revoke 用户 单位名称，users list", run: runUsers}

const usersUsage = `用法：
  jixiao users grant 用户 单位名称     允许用户查看和编辑该单位的填报
  jixiao users revoke 用户 单位名称    撤销授权
  jixiao users list [--json]            列出全部授权

用户名是 authorized_keys 中公钥的注释；单位名称须与填报中的“预算单位名称”完全一致
（jixiao list 可查看）。管理员（authorized_keys 中第一个公钥，或 serve --admin）
可以看到全部填报，不需要授权。授权保存在数据库中，对正在运行的 serve 立即生效。
` + dbHelp

func runUsers(app *App, args []string) int {
	fs := newFlagSet(app, "users", usersUsage)
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return app.fail("users", exitUsage, "需要子命令 grant、revoke 或 list。运行 jixiao users --help 查看用法。")
	}
	switch pos[0] {
	case "grant", "revoke":
		if len(pos) != 3 || strings.TrimSpace(pos[1]) == "" || strings.TrimSpace(pos[2]) == "" {
			return app.fail("users", exitUsage, "用法：jixiao users %s 用户 单位名称", pos[0])
		}
		s, code, ok := openOrFail(app, "users", true)
		if !ok {
			return code
		}
		user, unit := strings.TrimSpace(pos[1]), strings.TrimSpace(pos[2])
		if pos[0] == "grant" {
			if err := s.Grant(user, unit); err != nil {
				return app.fail("users", storeExitCode(err), "%v", err)
			}
			fmt.Fprintf(app.stdout, "已授权：%s 可以查看和编辑“%s”的填报。\n", termsafe.String(user), termsafe.String(unit))
			if !unitExists(s, unit) {
				fmt.Fprintf(app.stderr, "jixiao users：提示：数据库中还没有单位“%s”的填报（单位名称须与填报完全一致）。\n", termsafe.String(unit))
			}
			return exitOK
		}
		had, err := s.Revoke(user, unit)
		if err != nil {
			return app.fail("users", storeExitCode(err), "%v", err)
		}
		if !had {
			return app.fail("users", exitUsage, "%s 没有“%s”的授权，无需撤销。", termsafe.String(user), termsafe.String(unit))
		}
		fmt.Fprintf(app.stdout, "已撤销：%s 不再能查看“%s”的填报（已打开的会话在几秒内关闭该单位的填报）。\n", termsafe.String(user), termsafe.String(unit))
		return exitOK
	case "list":
		if len(pos) != 1 {
			return app.fail("users", exitUsage, "users list 不需要参数。")
		}
		s, code, ok := openOrFail(app, "users", false)
		if !ok {
			var nodb *errNoDatabase
			if _, err := openStore(app, false); errors.As(err, &nodb) {
				fmt.Fprintln(app.stdout, "还没有任何授权。")
				return exitOK
			}
			return code
		}
		all, err := s.AllGrants()
		if err != nil {
			return app.fail("users", storeExitCode(err), "%v", err)
		}
		if *asJSON {
			if all == nil {
				all = map[string][]string{}
			}
			return writeJSON(app, "users", all)
		}
		if len(all) == 0 {
			fmt.Fprintln(app.stdout, "还没有任何授权。用 jixiao users grant 用户 单位名称 授权。")
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
		writeTable(app.stdout, rows)
		return exitOK
	}
	return app.fail("users", exitUsage, "未知子命令“%s”；可用 grant、revoke、list。", pos[0])
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
