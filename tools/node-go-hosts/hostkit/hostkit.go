// Package hostkit is what the project's stand-in Node.js and Go language hosts share: serving
// the LanguageRuntime contract to the engine, the settings a program process is started with,
// and SDK and program code generation through the codegen packages of pkg/v3.
//
// The stand-ins exist because the Go module proxy does not serve Pulumi's own hosts (each lives
// in a module of its own under sdk/). Where ../shared/pulumi-hosts holds Pulumi's builds, those
// run instead; the stand-ins keep `make test` passing on a machine without them. Code
// generation goes through the very pkg/v3 functions Pulumi's hosts call, at the version those
// hosts are built on (which need not be the engine's), so `make sdks` writes the same files
// under either (a test holds them to that).
package hostkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Version is set at build time to the pkg/v3 version they are built on, which they report.
var Version = "3.0.0"

// ExitCodeUserActionableError is what both SDKs exit with once they have shown the user the
// error themselves: the engine should then stop without repeating it.
const ExitCodeUserActionableError = 32

// Base answers what every stand-in host answers alike; a host embeds it and adds its own
// Run, package and program generation.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

// Handshake takes the engine's greeting; the stand-ins need nothing from it.
func (Base) Handshake(
	context.Context, *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the Pulumi version the hosts are built on as their own.
func (Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// About names the language's tool on PATH and the version it reports when run with args,
// without prefix (such as node's "v").
func About(tool string, args []string, prefix string) (*pulumirpc.AboutResponse, error) {
	path, err := exec.LookPath(tool)
	if err != nil {
		return nil, fmt.Errorf("%s is not on PATH", tool)
	}
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: path, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), prefix),
	}, nil
}

// Serve registers the host with a gRPC server, prints the port for the engine (the contract of
// every plugin) and returns once the engine is gone or the server stops.
func Serve(name string, host pulumirpc.LanguageRuntimeServer) {
	// The engine passes its own address as the last positional argument and may add flags
	// before it (-tracing, -root, -binary...) that these hosts do not need.
	if len(os.Args) < 2 {
		fmt.Fprintf(os.Stderr, "usage: %s [flags] ENGINE_ADDRESS\n", name)
		os.Exit(2)
	}
	engine := os.Args[len(os.Args)-1]
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not start the language host: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)

	// A killed engine cannot tell its plugins to stop; like Pulumi's own hosts, ask the engine
	// now and then whether it is alive, and leave once it is not.
	engineGone, stop := context.WithCancel(context.Background())
	defer stop()
	if err := rpcutil.Healthcheck(engineGone, engine, 10*time.Second, stop); err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not watch the engine: %v\n", name, err)
	}
	select {
	case err := <-handle.Done:
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case <-engineGone.Done():
	}
}

// EngineAddress is the engine's address as the engine passed it on the command line.
func EngineAddress() string {
	return os.Args[len(os.Args)-1]
}

// ConfigEnv is the stack configuration as both SDKs read it: PULUMI_CONFIG, a JSON object of
// "ns:key" to value, and PULUMI_CONFIG_SECRET_KEYS, a JSON array of the secret keys. Never
// null: the SDKs expect an object and an array.
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(append([]string{}, req.GetConfigSecretKeys()...))
	if err != nil {
		return nil, err
	}
	return []string{
		"PULUMI_CONFIG=" + string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys),
	}, nil
}

// ProgramDirectory is the folder holding the program: Pulumi.yaml's folder joined with its
// `main:`, as the engine reports it.
func ProgramDirectory(req *pulumirpc.RunRequest) string {
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if req.GetProgram() != "" {
		return req.GetProgram()
	}
	return req.GetPwd()
}

// Options are the `runtime.options` of Pulumi.yaml.
func Options(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.GetOptions() == nil {
		return map[string]any{}
	}
	return info.GetOptions().AsMap()
}

// RunProgram runs a program process with its output wired to the engine's, and answers Run the
// way Pulumi's hosts do: a process that already reported its error asks the engine to bail.
func RunProgram(cmd *exec.Cmd) *pulumirpc.RunResponse {
	// Node.js may switch its stdout and stderr to non-blocking mode; a pipe per stream keeps
	// that from reaching this host's own descriptors (what Pulumi's Node.js host does too).
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	err := cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == ExitCodeUserActionableError {
			return &pulumirpc.RunResponse{Bail: true}
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", cmd.Path, err)}
}

// PackageGenerator writes one language's SDK files for a bound schema.
type PackageGenerator func(
	pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader,
) (map[string][]byte, error)

// GeneratePackage binds the schema the engine sends (references to other packages resolved
// through the engine's loader) and writes what generate makes into the request's folder.
func GeneratePackage(
	req *pulumirpc.GeneratePackageRequest, generate PackageGenerator,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the schema is not valid JSON: %w", err)
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{
		AllowDanglingReferences: true,
	})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags),
		}, nil
	}
	files, err := generate(pkg, req, cached)
	if err != nil {
		return nil, err
	}
	if err := writeFiles(req.GetDirectory(), files); err != nil {
		return nil, err
	}
	return &pulumirpc.GeneratePackageResponse{
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags),
	}, nil
}

func writeFiles(root string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o600); err != nil {
			return err
		}
	}
	return nil
}

// ProgramGenerator turns a bound PCL program into one language's source files.
type ProgramGenerator func(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error)

// GenerateProgram answers the engine's GenerateProgram, which `pulumi import` and
// `pulumi convert` use to print code in the program's language.
func GenerateProgram(
	req *pulumirpc.GenerateProgramRequest, generate ProgramGenerator,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := syntax.NewParser()
	names := make([]string, 0, len(req.GetSource()))
	for name := range req.GetSource() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := parser.ParseFile(strings.NewReader(req.GetSource()[name]), name); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}
	var options []pcl.BindOption
	if !req.GetStrict() {
		options = pcl.NonStrictBindOptions()
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), options...)
	if err != nil {
		return nil, err
	}
	rpcDiagnostics := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiagnostics}, nil
	}
	if program == nil {
		return nil, errors.New("internal error: the program bound to nothing")
	}
	files, diags, err := generate(program)
	if err != nil {
		return nil, err
	}
	rpcDiagnostics = append(rpcDiagnostics, plugin.HclDiagnosticsToRPCDiagnostics(diags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: rpcDiagnostics}, nil
}
