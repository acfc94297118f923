package cli

import (
	"errors"
	"fmt"
	"os"

	"jixiao/persist"
)

var cmdBackup = &command{name: "backup", summary: "把数据库备份到一个新文件（运行中也可以备份）", run: runBackup}

const backupUsage = `用法：jixiao backup 备份文件

把整个数据库（全部填报、全部版本、已删除但可恢复的填报）复制到一个新文件。
其他人正在使用时也可以备份：复制的是某一时刻的完整快照。不会覆盖已有文件。
备份文件本身就是数据库：jixiao --db 备份文件 list 可以查看其中的内容。
` + dbHelp

func runBackup(app *App, args []string) int {
	fs := newFlagSet(app, "backup", backupUsage)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("backup", exitUsage, "需要且只需要一个备份文件路径。运行 jixiao backup --help 查看用法。")
	}
	if _, err := os.Lstat(pos[0]); err == nil {
		return app.fail("backup", exitUsage, "%s 已存在，不会覆盖它；请换一个文件名。", pos[0])
	}
	s, code, ok := openOrFail(app, "backup", false)
	if !ok {
		return code
	}
	if err := s.Backup(pos[0]); err != nil {
		code := storeExitCode(err)
		if errors.Is(err, persist.ErrExists) {
			code = exitUsage
		}
		return app.fail("backup", code, "%v", err)
	}
	size := ""
	if fi, err := os.Stat(pos[0]); err == nil {
		size = fmt.Sprintf("（%.1f MB）", float64(fi.Size())/(1<<20))
	}
	fmt.Fprintf(app.stdout, "已把数据库 %s 备份到 %s%s，并检查了备份的完整性。\n", s.Path(), pos[0], size)
	return exitOK
}
