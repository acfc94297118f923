package serve

import (
	"context"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	gossh "golang.org/x/crypto/ssh"

	"jixiao/internal/sample"
)

// These tests drive the real OpenSSH sftp and scp clients against the
// server on loopback; they are skipped where the clients are not
// installed.

// opensshClient is what the OpenSSH tools need to log in as one key.
type opensshClient struct {
	t    *testing.T
	port string
	args []string
	dir  string
}

func (fx *fixture) openssh(t *testing.T, k testKey, tool string) *opensshClient {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed", tool)
	}
	dir := t.TempDir()
	block, err := gossh.MarshalPrivateKey(k.priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	_, port, _ := strings.Cut(fx.addr, ":")
	return &opensshClient{t: t, port: port, dir: dir, args: []string{
		"-F", "/dev/null", "-P", port, "-i", keyFile,
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
	}}
}

func (c *opensshClient) run(tool string, args ...string) (string, error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, append(append([]string{}, c.args...), args...)...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "HOME="+c.dir, "LC_ALL=C.UTF-8")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// sftpBatch runs sftp commands (a leading "-" lets a command fail).
func (c *opensshClient) sftpBatch(cmds ...string) (string, error) {
	c.t.Helper()
	batch := filepath.Join(c.dir, "batch")
	if err := os.WriteFile(batch, []byte(strings.Join(cmds, "\n")+"\n"), 0o600); err != nil {
		c.t.Fatal(err)
	}
	return c.run("sftp", "-b", batch, "127.0.0.1")
}

func TestOpenSSHSFTPListsOnlyGrantedUnits(t *testing.T) {
	fx := newFixture(t, nil)
	c := fx.openssh(t, fx.zhang, "sftp")
	out, err := c.sftpBatch("ls -1 /", "ls -1 "+unitFolder(unitMeixi)+"/2024")
	if err != nil {
		t.Fatalf("sftp: %v\n%s", err, out)
	}
	for _, want := range []string{unitFolder(unitMeixi), UploadFolder, ".xlsx", ".csv", ".md", ".json", ".txt"} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "东城街道") {
		t.Errorf("another unit listed:\n%s", out)
	}
	for _, p := range []string{"/东城街道", "/etc", "/etc/passwd", "../..", "/tmp", filepath.Dir(fx.db), fx.db} {
		out, _ := c.sftpBatch("ls -1 " + p)
		for _, l := range strings.Split(dropEcho(out), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "Warning:") || strings.HasPrefix(l, "Can't ls") || strings.Contains(l, "denied") {
				continue
			}
			if p == "../.." && (l == "../../"+unitFolder(unitMeixi) || l == "../../"+UploadFolder) {
				continue // ".." of the root is the root
			}
			t.Errorf("ls %s shows %q", p, l)
		}
	}
}

func TestOpenSSHSCPDownloadsOnlyGrantedExports(t *testing.T) {
	fx := newFixture(t, nil)
	c := fx.openssh(t, fx.zhang, "scp")
	if out, err := c.run("scp", "127.0.0.1:"+ExportPath(unitMeixi, 2024, "xlsx"), "got.xlsx"); err != nil {
		t.Fatalf("scp: %v\n%s\nserver log:\n%s", err, out, fx.log.String())
	}
	x, err := excelize.OpenFile(filepath.Join(c.dir, "got.xlsx"))
	if err != nil {
		t.Fatalf("downloaded xlsx does not open: %v", err)
	}
	x.Close()
	for i, p := range []string{
		ExportPath("东城街道", 2024, "xlsx"), "/etc/passwd", "../../../../etc/passwd", "../jixiao.db",
		fx.db, fx.srv.HostKeyPath(), fx.keysPath, UploadFolder + "/x.json",
	} {
		local := filepath.Join(c.dir, "stolen"+string(rune('a'+i)))
		if out, err := c.run("scp", "127.0.0.1:"+p, local); err == nil {
			t.Errorf("scp of %q succeeded:\n%s", p, out)
		}
		if fi, err := os.Stat(local); err == nil && fi.Size() > 0 {
			t.Errorf("scp of %q wrote %d bytes", p, fi.Size())
		}
	}
}

func TestOpenSSHUploadAppearsInImportList(t *testing.T) {
	fx := newFixture(t, nil)
	c := fx.openssh(t, fx.zhang, "scp")
	src := sample.JSON()
	if err := os.WriteFile(filepath.Join(c.dir, "梅溪.json"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := c.run("scp", "梅溪.json", "127.0.0.1:"+UploadFolder+"/"); err != nil {
		t.Fatalf("scp upload: %v\n%s", err, out)
	}
	if _, err := exec.LookPath("sftp"); err == nil {
		if out, err := c.sftpBatch("put 梅溪.json " + UploadFolder + "/第二份.json"); err != nil {
			t.Fatalf("sftp put: %v\n%s", err, out)
		}
	}
	// Writing anywhere else fails and changes nothing.
	keys, _ := os.ReadFile(fx.keysPath)
	for _, p := range []string{fx.keysPath, "/", unitFolder(unitMeixi) + "/2024/"} {
		if out, err := c.run("scp", "梅溪.json", "127.0.0.1:"+p); err == nil {
			t.Errorf("scp upload to %q succeeded:\n%s", p, out)
		}
	}
	if now, _ := os.ReadFile(fx.keysPath); string(now) != string(keys) {
		t.Fatal("authorized_keys changed")
	}
	files := newSessionFiles(newUploadArea(uploadsRoot(fx.db), "张三"), nil)
	ups, err := files.Uploads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, u := range ups {
		found[u.Name] = u.Size == int64(len(src))
	}
	if !found["梅溪.json"] {
		t.Fatalf("scp upload not in the import list: %+v", ups)
	}
	if _, err := exec.LookPath("sftp"); err == nil && !found["第二份.json"] {
		t.Fatalf("sftp upload not in the import list: %+v", ups)
	}
}

// dropEcho removes the commands sftp echoes in batch mode.
func dropEcho(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "sftp>") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
