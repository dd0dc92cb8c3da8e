// Command pulumi-language-go is the project's stand-in Go language host.
//
// Pulumi's own host lives in a Go module that the Go module proxy does not serve. This one
// implements the part of the LanguageRuntime contract that running, importing and generating
// SDKs need: it builds the program with the `go` on PATH (or takes the prebuilt binary that
// `runtime.options.binary` names) and runs it with the environment the Go SDK reads
// (PULUMI_MONITOR, PULUMI_PROJECT, PULUMI_CONFIG, ...), and it generates Go SDKs and program code
// with pkg/v3's codegen. It reports no required packages: the engine then starts a provider
// plugin when the program first registers one of its resources, as it does for any plugin found
// on PATH. Everything else answers Unimplemented, which the engine treats as an older host.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pulumi-composio.local/tools/node-go-hosts/hostkit"
)

type host struct {
	hostkit.Base
}

func (*host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (*host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (*host) Run(_ context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := hostkit.ProgramDirectory(req)
	program, cleanup, err := programBinary(dir, hostkit.Options(req.GetInfo()))
	defer cleanup()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configEnv, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(program, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(), configEnv...)
	cmd.Env = append(cmd.Env,
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+hostkit.EngineAddress(),
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()),
		"PULUMI_ROOT_DIRECTORY="+req.GetInfo().GetRootDirectory(),
	)
	return hostkit.RunProgram(cmd), nil
}

// programBinary is the program to run: the binary Pulumi.yaml names (runtime.options.binary,
// relative to the program), else a fresh `go build` of the program's folder into a temporary
// file (the Go build cache makes every build after the first quick).
func programBinary(dir string, options map[string]any) (string, func(), error) {
	nothing := func() {}
	if binary, ok := options["binary"].(string); ok && binary != "" {
		if !filepath.IsAbs(binary) {
			binary = filepath.Join(dir, binary)
		}
		if _, err := os.Stat(binary); err != nil {
			return "", nothing, fmt.Errorf("the program binary %s named in Pulumi.yaml is missing: %w",
				binary, err)
		}
		return binary, nothing, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", nothing, errors.New(
			"go is not on PATH: install Go (https://go.dev/dl) or name a prebuilt program with " +
				"runtime.options.binary in Pulumi.yaml")
	}
	tmp, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return "", nothing, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	out := filepath.Join(tmp, "program")
	build := exec.Command(goTool, "build", "-o", out, ".")
	build.Dir = dir
	build.Stdout = os.Stderr
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return "", cleanup, fmt.Errorf("unable to run `go build` in %s: %w", dir, err)
	}
	return out, cleanup, nil
}

func (*host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return hostkit.About("go", []string{"env", "GOVERSION"}, "go")
}

func (*host) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if len(req.GetExtraFiles()) > 0 {
		return nil, errors.New("overlays are not supported for Go")
	}
	return hostkit.GeneratePackage(req, func(
		pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, _ schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	})
}

func (*host) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return hostkit.GenerateProgram(req, gogen.GenerateProgram)
}

func main() {
	hostkit.Serve("pulumi-language-go", &host{})
}
