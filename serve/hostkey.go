package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"

	"jixiao/internal/atomicfile"
	"jixiao/persist"
)

// HostKeyName is the file name of the host key in the data directory.
const HostKeyName = "ssh_host_ed25519"

// DefaultHostKeyPath returns where the host key lives unless --host-key
// says otherwise: beside the default database, in jixiao's data directory
// (~/.local/share/jixiao/ssh_host_ed25519), never in the working directory.
func DefaultHostKeyPath() (string, error) {
	db, err := persist.DefaultPath()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(db)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), HostKeyName), nil
}

// LoadOrCreateHostKey reads the OpenSSH private key at path, or creates a
// new Ed25519 key there (mode 0600, its directory 0700 when it has to be
// made) when there is none. A key that group or others may read is
// refused, as sshd does. created reports a new key.
func LoadOrCreateHostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createHostKey(path); err != nil {
			return nil, false, err
		}
		created = true
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, false, fmt.Errorf("无法读取主机密钥 %s：%v", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, false, fmt.Errorf("无法读取主机密钥 %s：%v", path, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("主机密钥 %s 的权限是 %04o，其他用户可以读取；请运行 chmod 600 %s 后重试", path, fi.Mode().Perm(), path)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("主机密钥 %s 无法解析：%v", path, err)
	}
	return signer, created, nil
}

// createHostKey writes a new Ed25519 key to path. It is written to a
// temporary file and linked into place, so a concurrent start never sees a
// half-written key and never replaces one.
func createHostKey(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("无法创建目录 %s：%v", dir, err)
		}
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("生成主机密钥失败：%v", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "jixiao serve host key")
	if err != nil {
		return fmt.Errorf("生成主机密钥失败：%v", err)
	}
	err = atomicfile.Write(path, atomicfile.Options{Perm: 0o600, NoOverwrite: true}, func(w io.Writer) error {
		return pem.Encode(w, block)
	})
	if err != nil && !errors.Is(err, atomicfile.ErrExists) {
		return fmt.Errorf("无法写入主机密钥 %s：%v", path, err)
	}
	return nil
}
