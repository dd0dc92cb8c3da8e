// Command pulumi-language-python is a Python language host for the Pulumi engine.
//
// The official host lives in its own Go module, which the Go module proxy reachable from our
// build machines does not serve, while the engine (pkg/v3) and the SDK (sdk/v3) are served.
// This host implements the same LanguageRuntime gRPC contract on top of sdk/v3 so the real
// engine can run real Python programs: it starts the SDK's own pulumi-language-python-exec
// script (shipped beside this binary) with the settings the engine hands it, and runs source
// plugins (RunPlugin). Only what `pulumi up/preview/refresh/destroy/import` and a plugin folder
// need is implemented; everything else answers Unimplemented, which the engine treats as "this
// host is older".
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set at build time to the pinned Pulumi version.
var version = "3.0.0"

// exitCodeUserActionableError is what pulumi-language-python-exec exits with after it has
// already shown the user the error; the engine should then bail without repeating it.
const exitCodeUserActionableError = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	execScript    string

	// interrupted ends when the host is asked to stop (SIGINT or SIGTERM): running programs
	// are then interrupted too, and running counts them so the host outlives them.
	interrupted context.Context
	running     sync.WaitGroup
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPackages reports no packages: a dynamic-provider program needs only the
// pulumi-python resource plugin, which the engine finds on PATH when a resource uses it.
func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(
	_ context.Context, req *pulumirpc.AboutRequest,
) (*pulumirpc.AboutResponse, error) {
	python, err := pythonCommand(req.GetInfo(), "")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: python}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	python, err := pythonCommand(req.GetInfo(), "")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	// The SDK expects JSON objects and arrays here, never null.
	config, err := json.Marshal(mapOrEmpty(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(append([]string{}, req.GetConfigSecretKeys()...))
	if err != nil {
		return nil, err
	}

	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	program := req.GetProgram()
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		program = info.GetProgramDirectory()
		if entry := info.GetEntryPoint(); entry != "" && entry != "." {
			program = filepath.Join(program, entry)
		}
	}

	args := []string{
		"-u", h.execScript,
		"--monitor", req.GetMonitorAddress(),
		"--engine", engine,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", req.GetPwd(),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
		"--organization", req.GetOrganization(),
	}
	if req.GetDryRun() {
		args = append(args, "--dry_run", "true")
	}
	if info := req.GetInfo(); info != nil && info.GetRootDirectory() != "" {
		args = append(args, "--root_directory", info.GetRootDirectory())
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	cmd := exec.Command(python, args...)
	cmd.Dir = req.GetPwd()
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
	)
	if err := h.runProgram(ctx, cmd); err != nil {
		// As Pulumi's host: Python may exit abnormally without flushing, and what it wrote
		// last is usually the reason.
		_ = os.Stdout.Sync()
		_ = os.Stderr.Sync()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeUserActionableError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("problem executing program (could not run language executor): %v", err),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a source plugin: a folder with PulumiPlugin.yaml (`runtime: python`) and a
// __main__.py, which is how `packages:` in Pulumi.yaml names a plugin folder. As Pulumi's own
// host, it runs `python <folder> args...` in the folder's virtualenv (`venv` when the plugin
// names none: never the ambient Python) and streams what the plugin prints back to the engine,
// which reads the port from its first line.
func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	info := req.GetInfo()
	if info == nil {
		return errors.New("RunPlugin needs the plugin's program info")
	}
	if _, err := os.Stat(filepath.Join(info.GetProgramDirectory(), "__main__.py")); err != nil {
		return fmt.Errorf("the plugin folder %s has no __main__.py to run", info.GetProgramDirectory())
	}
	python, err := pythonCommand(info, "venv")
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	args := append([]string{info.GetProgramDirectory()}, req.GetArgs()...)
	cmd := exec.CommandContext(server.Context(), python, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return server.Send(&pulumirpc.RunPluginResponse{
				Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())},
			})
		}
		return fmt.Errorf("could not run the plugin in %s: %w", info.GetProgramDirectory(), err)
	}
	return closer.Close()
}

// runProgram runs the program to its end. Stopping the host, or the engine giving up on this
// Run, interrupts it (SIGINT, as Ctrl-C would) rather than killing it, so Python unwinds and
// reports as it does under Pulumi's own host; the engine kills whatever is left after its
// own grace period.
func (h *host) runProgram(ctx context.Context, cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	h.running.Add(1)
	defer h.running.Done()
	exited := make(chan struct{})
	go func() {
		select {
		case <-h.interrupted.Done():
		case <-ctx.Done():
		case <-exited:
			return
		}
		_ = cmd.Process.Signal(os.Interrupt)
	}()
	err := cmd.Wait()
	close(exited)
	return err
}

func mapOrEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// pythonCommand picks the interpreter the way Pulumi's own host does: the project's
// `runtime.options.virtualenv` (relative to the project root), else the environment of the
// `toolchain` it names (uv: the project's `.venv` or $UV_PROJECT_ENVIRONMENT; poetry: what
// `poetry env info --path` says), else PULUMI_PYTHON_CMD, else python3 on PATH. Unlike
// Pulumi's host it never installs anything: a missing environment is an error saying how to
// make it. defaultVenv stands in for a virtualenv the project names none of, with pip as its
// toolchain: plugins get `venv`, as under Pulumi's host, never the ambient Python.
func pythonCommand(info *pulumirpc.ProgramInfo, defaultVenv string) (string, error) {
	options := map[string]any{}
	if info != nil && info.GetOptions() != nil {
		options = info.GetOptions().AsMap()
	}
	root := info.GetRootDirectory()
	venv, _ := options["virtualenv"].(string)
	toolchain, _ := options["toolchain"].(string)
	if venv == "" && (toolchain == "" || toolchain == "pip") {
		venv = defaultVenv
	}
	setUp := fmt.Sprintf("create it (python3 -m venv %s) and install the program's requirements into it", venv)
	if venv == "" {
		switch toolchain {
		case "", "pip":
		case "uv":
			venv = os.Getenv("UV_PROJECT_ENVIRONMENT")
			if venv == "" {
				venv = ".venv"
			}
			setUp = "run `uv sync` in " + root
		case "poetry":
			where := exec.Command("poetry", "env", "info", "--path")
			where.Dir = root
			out, err := where.Output()
			if err != nil || strings.TrimSpace(string(out)) == "" {
				return "", fmt.Errorf(
					"toolchain poetry: `poetry env info --path` in %s found no environment (%v); "+
						"run `poetry install` there", root, err)
			}
			venv = strings.TrimSpace(string(out))
			setUp = "run `poetry install` in " + root
		default:
			return "", fmt.Errorf("unknown toolchain %q in Pulumi.yaml: use pip, uv or poetry", toolchain)
		}
	}
	if venv != "" {
		if !filepath.IsAbs(venv) {
			venv = filepath.Join(root, venv)
		}
		python := filepath.Join(venv, "bin", "python")
		if _, err := os.Stat(python); err != nil {
			return "", fmt.Errorf("the virtualenv %q of Pulumi.yaml has no bin/python; %s", venv, setUp)
		}
		return python, nil
	}
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return cmd, nil
	}
	return exec.LookPath("python3")
}

func main() {
	// The engine passes its own address as the last positional argument and may add flags
	// before it that this host does not need.
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-language-python [flags] ENGINE_ADDRESS")
		os.Exit(2)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	interrupted, stopInterrupts := signal.NotifyContext(
		context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopInterrupts()
	h := &host{
		engineAddress: os.Args[len(os.Args)-1],
		execScript:    filepath.Join(filepath.Dir(self), "pulumi-language-python-exec"),
		interrupted:   interrupted,
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)

	// A killed engine cannot tell its plugins to stop; like Pulumi's own hosts, this one
	// asks the engine whether it is alive now and then, and leaves once it is not.
	engineGone, stop := context.WithCancel(context.Background())
	defer stop()
	if err := rpcutil.Healthcheck(engineGone, h.engineAddress, 10*time.Second, stop); err != nil {
		fmt.Fprintf(os.Stderr, "could not watch the engine: %v\n", err)
	}
	select {
	case err := <-handle.Done:
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case <-engineGone.Done():
	case <-interrupted.Done():
		h.running.Wait()
	}
}
