// Command pulumi-language-nodejs is the project's stand-in Node.js language host.
//
// Pulumi's own host lives in a Go module that the Go module proxy does not serve. This one
// implements the part of the LanguageRuntime contract that running, importing and generating
// SDKs need: it starts the `cmd/run` entry point of the program's own `@pulumi/pulumi` (from the
// npm registry, in the program's node_modules) with the arguments and environment Pulumi's host
// gives it, so TypeScript programs run through the SDK's ts-node exactly as under Pulumi's host;
// it reports the provider packages installed in node_modules; and it generates Node.js SDKs and
// program code with pkg/v3's codegen. Everything else answers Unimplemented, which the engine
// treats as an older host.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	nodejs "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pulumi-composio.local/tools/node-go-hosts/hostkit"
)

const runScript = "node_modules/@pulumi/pulumi/cmd/run/index.js"

type host struct {
	hostkit.Base
}

func (*host) Run(_ context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{
			Error: "node is not on PATH: install Node.js 20 or newer (https://nodejs.org)",
		}, nil
	}
	dir := hostkit.ProgramDirectory(req)
	run, err := findUp(dir, runScript)
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"It looks like the Pulumi SDK has not been installed in %s: run `npm install` there "+
				"(the program needs @pulumi/pulumi in its node_modules)", dir)}, nil
	}
	configEnv, err := hostkit.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	options := hostkit.Options(req.GetInfo())

	var args []string
	if nodeargs, ok := options["nodeargs"].(string); ok {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, run,
		"--monitor", req.GetMonitorAddress(),
		"--engine", hostkit.EngineAddress(),
		"--organization", req.GetOrganization(),
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", req.GetPwd(),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	)
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		args = append(args, "--root-directory", root)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	// "." lets the SDK pick package.json's main (or index.ts / index.js), as under Pulumi's host.
	entry := req.GetInfo().GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.Command(node, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(), configEnv...)
	// TypeScript unless Pulumi.yaml turns it off (runtime.options.typescript: false).
	if typescript, ok := options["typescript"].(bool); !ok || typescript {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return hostkit.RunProgram(cmd), nil
}

// findUp looks for rel in dir and each folder above it, as Node.js resolves node_modules.
func findUp(dir, rel string) (string, error) {
	for current := filepath.Clean(dir); ; current = filepath.Dir(current) {
		candidate := filepath.Join(current, filepath.FromSlash(rel))
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(current) == current {
			return "", os.ErrNotExist
		}
	}
}

type packageJSON struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pkg packageJSON
	if err := json.Unmarshal(data, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &pkg, nil
}

// installedPackages reads package.json of every package in the program's node_modules (scoped
// ones included), sorted by name.
func installedPackages(programDir string) ([]*packageJSON, error) {
	modules, err := findUp(programDir, "node_modules")
	if err != nil {
		return nil, nil
	}
	var folders []string
	entries, err := os.ReadDir(modules)
	if err != nil {
		return nil, err
	}
	for _, entry := range entries {
		name := entry.Name()
		if strings.HasPrefix(name, "@") {
			scoped, err := os.ReadDir(filepath.Join(modules, name))
			if err != nil {
				continue
			}
			for _, inner := range scoped {
				folders = append(folders, filepath.Join(modules, name, inner.Name()))
			}
		} else if !strings.HasPrefix(name, ".") {
			folders = append(folders, filepath.Join(modules, name))
		}
	}
	sort.Strings(folders)
	var packages []*packageJSON
	for _, folder := range folders {
		pkg, err := readPackageJSON(filepath.Join(folder, "package.json"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		packages = append(packages, pkg)
	}
	return packages, nil
}

// GetRequiredPackages reports the provider plugins of the installed packages that declare one
// (`"pulumi": {"resource": true}` in their package.json, as generated SDKs do).
func (*host) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	packages, err := installedPackages(req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	var required []*pulumirpc.PackageDependency
	for _, pkg := range packages {
		if !pkg.Pulumi.Resource {
			continue
		}
		name := pkg.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(strings.TrimPrefix(pkg.Name, "@pulumi/"), "@")
		}
		version := pkg.Pulumi.Version
		if version == "" {
			version = pkg.Version
		}
		if version != "" && !strings.HasPrefix(version, "v") {
			version = "v" + version
		}
		required = append(required, &pulumirpc.PackageDependency{
			Kind: "resource", Name: name, Version: version, Server: pkg.Pulumi.Server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: required}, nil
}

// GetProgramDependencies lists the program's direct dependencies at their installed versions
// (`pulumi about` shows them).
func (*host) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	program, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	installed := map[string]string{}
	packages, err := installedPackages(dir)
	if err != nil {
		return nil, err
	}
	for _, pkg := range packages {
		installed[pkg.Name] = pkg.Version
	}
	names := make([]string, 0, len(program.Dependencies))
	for name := range program.Dependencies {
		names = append(names, name)
	}
	sort.Strings(names)
	var deps []*pulumirpc.DependencyInfo
	for _, name := range names {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: installed[name]})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func (*host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return hostkit.About("node", []string{"--version"}, "v")
}

func (*host) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return hostkit.GeneratePackage(req, func(
		pkg *schema.Package, req *pulumirpc.GeneratePackageRequest, loader schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return nodejs.GeneratePackage("pulumi-language-nodejs", pkg,
			req.GetExtraFiles(), req.GetLocalDependencies(), req.GetLocal(), loader)
	})
}

func (*host) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	return hostkit.GenerateProgram(req, nodejs.GenerateProgram)
}

func main() {
	hostkit.Serve("pulumi-language-nodejs", &host{})
}
