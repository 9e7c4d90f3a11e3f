console.log("mlotel demo: not built yet");
