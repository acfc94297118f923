package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"jixiao/serve"
	"jixiao/tui"
)

var cmdServe = &command{name: "serve", summary: "通过 SSH 为多人提供填报界面（公钥登录、按单位授权、审计记录）", run: runServe}

const serveUsage = `用法：jixiao serve --authorized-keys 文件 [--listen 地址] [--db 路径] [选项]

通过 SSH 提供填报界面：每个连接得到自己的界面，按终端大小显示，
NO_COLOR 等环境变量由客户端决定（ssh -o SetEnv=NO_COLOR=1）。
只接受公钥登录；密码、键盘交互和无认证登录一律拒绝。

同一端口还提供文件传输（SFTP）：每个用户只看到授权给他的单位，
每个单位和年度一个文件夹，内有按最新版本生成的导出文件；导入用的
JSON 文件放进“上传”文件夹，再在填报列表中按 i 导入。例如：
  scp -P 2222 主机:岳阳市岳阳楼区梅溪街道办事处/2024/岳阳市岳阳楼区梅溪街道办事处-2024年度绩效自评.xlsx .
  scp -P 2222 梅溪.json 主机:上传/
  sftp -P 2222 主机            （WinSCP、Xftp 选 SFTP 协议即可）
界面中不能输入服务器上的路径，也不会读写服务器上的任何文件。

选项：
  --listen 地址          监听地址（默认 127.0.0.1:2222）
  --authorized-keys 文件 OpenSSH authorized_keys 格式；每个公钥的注释即用户名（必填）。
                         支持 from=、expiry-time=；no-pty、restrict 的密钥只能传输文件；
                         command=、cert-authority 等选项所在的行被拒绝并记入日志。
                         文件及其上级目录不能被同组或其他用户写入，否则拒绝启动。
                         文件修改后几秒内生效（被移除的密钥的会话保存后断开）；
                         也可发送 SIGHUP 立即重新载入
  --host-key 文件        主机密钥（默认在数据目录中：~/.local/share/jixiao/ssh_host_ed25519，
                         首次启动时生成，权限 0600，以后保持不变）
  --admin 用户名         管理员（默认为授权密钥文件中第一个公钥的用户），可查看全部填报
  --max-sessions 数量    同时在线的界面会话上限（默认 50）
  --max-sessions-per-user 数量
                         每个用户同时打开的会话（界面和文件传输）上限（默认 5）
  --max-startups 数量    尚未完成登录的连接上限（默认 64；每个地址 16）
  --idle-timeout 时长    无输入多久后保存并断开（默认 30m；0 表示不限制）
  --max-session 时长     单个会话最长多久，到时保存并断开（默认 8h；0 表示不限制）

时长写法：90s、30m、8h。收到 SIGTERM 或 SIGINT 时，先保存所有打开的草稿再退出。
普通用户只能看到授权给他的单位的填报：jixiao users grant 用户 单位名称。
撤销授权后，已打开的会话在几秒内关闭该单位的填报。
` + dbHelp

func runServe(app *App, args []string) int {
	fs := newFlagSet(app, "serve", serveUsage)
	listen := fs.String("listen", serve.DefaultListen, "")
	keys := fs.String("authorized-keys", "", "")
	hostKey := fs.String("host-key", "", "")
	admin := fs.String("admin", "", "")
	maxSessions := fs.Int("max-sessions", serve.DefaultMaxSessions, "")
	perUser := fs.Int("max-sessions-per-user", serve.DefaultMaxSessionsPerUser, "")
	startups := fs.Int("max-startups", serve.DefaultMaxStartups, "")
	idle := fs.Duration("idle-timeout", serve.DefaultIdleTimeout, "")
	maxSession := fs.Duration("max-session", serve.DefaultMaxSession, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return app.fail("serve", exitUsage, "不需要位置参数“%s”。运行 jixiao serve --help 查看用法。", pos[0])
	}
	if *keys == "" {
		return app.fail("serve", exitUsage, "需要 --authorized-keys 文件（OpenSSH authorized_keys 格式，注释为用户名）。")
	}
	if *maxSessions < 1 {
		return app.fail("serve", exitUsage, "--max-sessions 至少为 1。")
	}
	if *perUser < 1 {
		return app.fail("serve", exitUsage, "--max-sessions-per-user 至少为 1。")
	}
	if *startups < 1 {
		return app.fail("serve", exitUsage, "--max-startups 至少为 1。")
	}
	if *idle < 0 || *maxSession < 0 {
		return app.fail("serve", exitUsage, "时长不能为负数。")
	}
	never := func(d time.Duration) time.Duration {
		if d == 0 {
			return -1
		}
		return d
	}
	path, err := storePath(app)
	if err != nil {
		return app.fail("serve", exitFindings, "%v", err)
	}
	srv, err := serve.New(serve.Config{
		DBPath: path, AuthorizedKeys: *keys, HostKey: *hostKey, Admin: *admin,
		MaxSessions: *maxSessions, MaxSessionsPerUser: *perUser, MaxStartups: *startups,
		MaxStartupsPerAddr: min(*startups, serve.DefaultMaxStartupsPerAddr),
		IdleTimeout:        never(*idle), MaxSession: never(*maxSession),
		Log: app.stderr,
	})
	if err != nil {
		return app.fail("serve", storeExitCode(err), "%v", err)
	}
	for _, w := range srv.Backend().Warnings() {
		fmt.Fprintf(app.stderr, "jixiao serve：警告：%s\n", w)
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return app.fail("serve", exitFindings, "无法监听 %s：%v", *listen, err)
	}
	if srv.HostKeyCreated() {
		fmt.Fprintf(app.stderr, "jixiao serve：已生成主机密钥 %s\n", srv.HostKeyPath())
	}
	fmt.Fprintf(app.stderr, "jixiao serve：正在监听 %s（数据库 %s，主机密钥指纹 %s，%d 个授权密钥，管理员 %s）\n",
		l.Addr(), path, srv.HostKeyFingerprint(), srv.Keys(), srv.Admin())
	fmt.Fprintf(app.stderr, "jixiao serve：文件传输（sftp、scp）在同一端口；上传的文件保存在 %s\n", srv.UploadsDir())
	if dirs, err := tui.RecoveryDirs(path); err == nil && len(dirs) > 1 {
		fmt.Fprintf(app.stderr, "jixiao serve：未能存入数据库的输入写入恢复文件目录 %s（不可写时改用 %s）\n", dirs[0], dirs[1])
	}

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	for {
		select {
		case err := <-served:
			if err != nil {
				return app.fail("serve", exitFindings, "%v", err)
			}
			return exitOK
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				if err := srv.Reload(); err != nil {
					fmt.Fprintf(app.stderr, "jixiao serve：重新载入授权密钥失败：%v\n", err)
				}
				continue
			}
			fmt.Fprintf(app.stderr, "jixiao serve：收到 %v，正在保存 %d 个会话的草稿并退出…\n", sig, srv.Sessions())
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			err := srv.Shutdown(ctx)
			cancel()
			if err != nil {
				fmt.Fprintf(app.stderr, "jixiao serve：%v\n", err)
				return exitFindings
			}
			fmt.Fprintln(app.stderr, "jixiao serve：已退出。")
			return exitOK
		}
	}
}
