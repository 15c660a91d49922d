// `metallab params`: every model parameter a scenario's `parameters:` or `--set` may change,
// with its default, unit, range and meaning.
#ifndef METALLAB_CLI_PARAMS_COMMAND_H_
#define METALLAB_CLI_PARAMS_COMMAND_H_

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct ParamsCommand {
  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_PARAMS_COMMAND_H_
