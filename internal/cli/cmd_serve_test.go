package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/persist"
	"jixiao/store"
)

func TestUsersAndAuditCommands(t *testing.T) {
	db := storeDB(t)
	id := storeImport(t, db, sampleFile)["id"].(string)
	unit := "岳阳市岳阳楼区梅溪街道办事处"

	code, out, errOut := storeRun(t, "--db", db, "users", "grant", "张三", unit)
	if code != exitOK || !strings.Contains(out, "已授权") || errOut != "" {
		t.Fatalf("grant: %d %q %q", code, out, errOut)
	}
	code, _, errOut = storeRun(t, "--db", db, "users", "grant", "李四", "不存在的单位")
	if code != exitOK || !strings.Contains(errOut, "还没有单位") {
		t.Fatalf("grant of an unknown unit: %d %q", code, errOut)
	}
	code, out, _ = storeRun(t, "--db", db, "users", "list")
	if code != exitOK {
		t.Fatalf("users list: exit %d", code)
	}
	mustContainAll(t, out, "用户", "张三", unit, "李四")
	code, out, _ = storeRun(t, "--db", db, "users", "list", "--json")
	var all map[string][]string
	if err := json.Unmarshal([]byte(out), &all); code != exitOK || err != nil || len(all["张三"]) != 1 {
		t.Fatalf("list --json: %q %v", out, err)
	}
	if code, _, _ = storeRun(t, "--db", db, "users", "revoke", "李四", "不存在的单位"); code != exitOK {
		t.Fatalf("revoke: %d", code)
	}
	if code, _, errOut = storeRun(t, "--db", db, "users", "revoke", "李四", "不存在的单位"); code != exitUsage || !strings.Contains(errOut, "没有") {
		t.Fatalf("second revoke: %d %q", code, errOut)
	}
	if code, _, _ = storeRun(t, "--db", db, "users", "grant", "张三"); code != exitUsage {
		t.Fatalf("grant without unit: %d", code)
	}

	// An audit trail as serve writes it.
	s, err := persist.Open(db, persist.Options{User: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	f, m, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	old := f.Signoff.Phone
	f.Signoff.Phone = "13812345678"
	if _, err := s.SaveAudited(id, m.Revision, f, []store.AuditChange{{Path: "signoff.phone", Label: "联系电话", Old: old, New: f.Signoff.Phone}}); err != nil {
		t.Fatal(err)
	}
	code, out, _ = storeRun(t, "--db", db, "audit", id)
	if code != exitOK {
		t.Fatalf("audit: %d", code)
	}
	mustContainAll(t, out, "审计记录", "张三", "保存", "版本 2", "联系电话", "→", "“13812345678”")
	code, out, _ = storeRun(t, "--db", db, "audit", id, "--json")
	var trail []store.AuditEntry
	if err := json.Unmarshal([]byte(out), &trail); code != exitOK || err != nil || len(trail) != 2 || trail[0].Action != "导入" || trail[1].Changes[0].New != "13812345678" {
		t.Fatalf("audit --json: %d %q %v", code, out, err)
	}
	if code, _, errOut = storeRun(t, "--db", db, "audit", "zzzzzz"); code != exitUsage || errOut == "" {
		t.Fatalf("audit of unknown id: %d %q", code, errOut)
	}
}

func TestServeCommandArguments(t *testing.T) {
	code, out, _ := storeRun(t, "serve", "--help")
	mustContainAll(t, out, "--authorized-keys", "--listen", "127.0.0.1:2222", "SIGHUP", "--idle-timeout",
		"--max-sessions-per-user", "--max-startups", "scp -P 2222", "上传", "from=", "expiry-time=")
	if code != exitOK {
		t.Fatalf("help: %d", code)
	}
	code, _, errOut := storeRun(t, "--db", storeDB(t), "serve")
	if code != exitUsage || !strings.Contains(errOut, "--authorized-keys") {
		t.Fatalf("without keys: %d %q", code, errOut)
	}
	code, _, errOut = storeRun(t, "--db", storeDB(t), "serve", "--authorized-keys", "/nonexistent/keys", "--host-key", t.TempDir()+"/hk")
	if code == exitOK || !strings.Contains(errOut, "无法读取授权密钥文件") {
		t.Fatalf("missing keys file: %d %q", code, errOut)
	}
	code, _, errOut = storeRun(t, "--db", storeDB(t), "serve", "--authorized-keys", "k", "--max-sessions-per-user", "0")
	if code != exitUsage || !strings.Contains(errOut, "--max-sessions-per-user 至少为 1") {
		t.Fatalf("--max-sessions-per-user 0: %d %q", code, errOut)
	}
	// StrictModes: a keys file others can write is refused with the reason.
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtQpq9nNSkUsjmM5VYDBeXcmjWzu6sg2f6+R6q1l0jl 管理员\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(keys, 0o666); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = storeRun(t, "--db", storeDB(t), "serve", "--authorized-keys", keys, "--host-key", filepath.Join(dir, "hk"))
	if code == exitOK || !strings.Contains(errOut, "可被同组或其他用户写入") || !strings.Contains(errOut, "chmod go-w") {
		t.Fatalf("world-writable keys file: %d %q", code, errOut)
	}
}
