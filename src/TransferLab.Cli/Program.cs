using TransferLab.Cli;

return new CliRoot().Invoke(args);
